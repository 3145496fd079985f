using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using StickyActors.Configuration;
using StickyActors.ControlPlane;
using StickyActors.Master;
using StickyActors.Supervision;

namespace StickyActors.Tests.Workers;

/// <summary>
/// What every spec of the master actor starts from: a master on a loopback listener with fake
/// worker processes (<see cref="Launcher"/>), on virtual time unless asked otherwise, and workers
/// that register the way real ones do (only once the master knows their launch).
/// </summary>
public abstract class MasterSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config s_virtualTime = ConfigurationFactory.ParseString(
        """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """);

    private int _buckets;

    protected MasterSpecs(bool virtualTime = true)
        : base(virtualTime ? s_virtualTime : ConfigurationFactory.Empty)
    {
    }

    private protected FakeWorkerLauncher Launcher { get; } = new();

    protected TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    /// <summary>The master's listening endpoint (loopback, port chosen by the kernel).</summary>
    protected IPEndPoint EndPoint { get; private set; } = null!;

    /// <summary>
    /// Starts a master of <paramref name="workers"/> slots (1024 buckets, 5 s startup timeout,
    /// backoff 1 s doubling to 4 s without jitter); <paramref name="extra"/> is HOCON inside
    /// <c>sticky-actors</c> and overrides those.
    /// </summary>
    private protected IActorRef StartMaster(int workers, string extra = "", Action<int>? stopWithExitCode = null, IMeterFactory? meterFactory = null, MasterStopping? stopping = null)
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon($$"""
            sticky-actors {
              listen { address = "127.0.0.1", port = 0 }
              workers { count = {{workers}}, startup-timeout = 5s, restart-backoff { min = 1s, max = 4s, random-factor = 0 } }
              routing.buckets = 1024
              {{extra}}
            }
            """));
        _buckets = settings.Routing.Buckets;
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        var resources = new MasterResources(settings, listener, _ => Launcher, "akka://test", NullLoggerFactory.Instance, TimeProvider.System, meterFactory)
        {
            StopWithExitCode = stopWithExitCode ?? (_ => { }),
            Stopping = stopping ?? new MasterStopping(),
        };
        return Sys.ActorOf(MasterActor.Props(resources), "master");
    }

    /// <summary>Registers slot <paramref name="worker"/>'s latest launch; returns its control probe and the actor that answered.</summary>
    protected (TestProbe Control, IActorRef Actor) Register(IActorRef master, int worker)
    {
        AwaitCondition(() => Launcher.LaunchCount(worker) >= 1);
        var (spec, process, _) = Launcher.Last(worker);
        // The launch is known to the master (its lifecycle event arrived) before the worker registers.
        AwaitCondition(() => Status(master).Workers[worker].Pid == process.Pid);
        var control = CreateTestProbe();
        control.Send(master, new RegisterWorker(worker, spec.Generation, process.Pid, spec.Secret));
        control.ExpectMsg<WorkerRegistered>();
        return (control, control.LastSender);
    }

    /// <summary>Registers slots 0 to <paramref name="workers"/> − 1 and waits until every bucket has its owner.</summary>
    protected Dictionary<int, TestProbe> RegisterAll(IActorRef master, int workers)
    {
        var controls = new Dictionary<int, TestProbe>();
        for (var id = 0; id < workers; id++)
        {
            controls[id] = Register(master, id).Control;
        }

        AwaitAssert(() => Assert.Equal(_buckets, Status(master).Workers.Sum(w => w.BucketsOwned)));
        return controls;
    }

    protected static ClusterStatus Status(IActorRef master) => master.Ask<ClusterStatus>(GetStatus.Instance, TimeSpan.FromSeconds(3)).Result;
}
