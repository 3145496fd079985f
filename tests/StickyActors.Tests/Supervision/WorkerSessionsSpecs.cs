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

/// <summary>Session reports reach the routing actor only from the registered worker of the slot (virtual time).</summary>
public sealed class WorkerSessionsSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config s_virtualTime = ConfigurationFactory.ParseString(
        """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """);

    private readonly FakeWorkerLauncher _launcher = new();

    public WorkerSessionsSpecs()
        : base(s_virtualTime)
    {
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void WorkerSessions_FromTheRegisteredControlOnly_KeepBorrowedBucketsAtTheInterimWorker()
    {
        var master = StartMaster();
        var worker0 = Register(master, 0);
        Register(master, 1);

        // Worker 1 dies; its replacement misses the 3 s wait, so worker 0 serves its buckets.
        _launcher.Last(1).Process.Exit(137);
        AwaitAssert(() => Assert.Equal(512, Status(master).Workers[1].BucketsAwayFromHome));
        Scheduler.Advance(TimeSpan.FromSeconds(3.1));
        AwaitAssert(() => Assert.Equal(512, Status(master).Workers[0].BucketsHeldForOthers));

        // Worker 0 has a session open in every one of them.
        var borrowed = Enumerable.Range(0, 1024).Where(b => b % 2 == 1).ToArray();
        worker0.Control.Send(worker0.Actor, new WorkerSessions(0, borrowed));
        // The backoff timer may be scheduled after the advance above: keep the clock moving until the relaunch.
        AwaitCondition(() =>
        {
            Scheduler.Advance(TimeSpan.FromMilliseconds(500));
            return _launcher.LaunchCount(1) == 2;
        });
        Register(master, 1);

        // A stranger's "no sessions" is ignored: the buckets stay with their sessions.
        var stranger = CreateTestProbe();
        stranger.Send(worker0.Actor, new WorkerSessions(0, []));
        Scheduler.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(512, Status(master).Workers[0].BucketsHeldForOthers);

        // The registered worker's own report that they closed brings them home.
        worker0.Control.Send(worker0.Actor, new WorkerSessions(0, []));
        AwaitAssert(() =>
        {
            Scheduler.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(0, Status(master).Workers[0].BucketsHeldForOthers);
        });
        Assert.Equal(512, Status(master).Workers[1].BucketsOwned);
    }

    private IActorRef StartMaster()
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon("""
            sticky-actors {
              listen { address = "127.0.0.1", port = 0 }
              workers { count = 2, startup-timeout = 30s, restart-backoff { min = 1s, max = 4s, random-factor = 0 } }
              routing.buckets = 1024
            }
            """));
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var resources = new MasterResources(settings, listener, _ => _launcher, "akka://test", NullLoggerFactory.Instance, TimeProvider.System);
        return Sys.ActorOf(MasterActor.Props(resources), "master");
    }

    private (TestProbe Control, IActorRef Actor) Register(IActorRef master, int worker)
    {
        AwaitCondition(() => _launcher.LaunchCount(worker) >= 1);
        var (spec, process, _) = _launcher.Last(worker);
        var control = CreateTestProbe();
        control.Send(master, new RegisterWorker(worker, spec.Generation, process.Pid, spec.Secret));
        control.ExpectMsg<WorkerRegistered>();
        return (control, control.LastSender);
    }

    private ClusterStatus Status(IActorRef master) => master.Ask<ClusterStatus>(GetStatus.Instance, TimeSpan.FromSeconds(3)).Result;
}
