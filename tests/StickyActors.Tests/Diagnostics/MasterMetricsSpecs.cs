using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using StickyActors.Configuration;
using StickyActors.ControlPlane;
using StickyActors.Interop;
using StickyActors.Master;
using StickyActors.Supervision;
using StickyActors.Tests.Workers;

namespace StickyActors.Tests.Diagnostics;

/// <summary>The master's meter after real events: a loopback accept, a worker crash and its relaunch.</summary>
public sealed class MasterMetricsSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config s_virtualTime = ConfigurationFactory.ParseString(
        """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """);

    private readonly FakeWorkerLauncher _launcher = new();
    private readonly MetricsCollector _collector = new();
    private IPEndPoint _endPoint = null!;

    public MasterMetricsSpecs()
        : base(s_virtualTime)
    {
    }

    [Fact]
    public void LoopbackConnect_RegisteredWorker_CountsAcceptedHandedOffAndRecordsLatency()
    {
        var master = StartMaster(workers: 1);
        Register(master, 0);

        using var client = new TcpClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        client.Connect(_endPoint);

        AwaitCondition(() => _launcher.Last(0).Channel.Received.Count == 1);
        var elapsed = clock.Elapsed.TotalSeconds;
        Libc.Close(_launcher.Last(0).Channel.Received[0].Fd);
        Assert.Equal(1, _collector.Observe("sticky_actors.connections.accepted"));
        Assert.Equal(1, _collector.Observe("sticky_actors.connections.handed_off", "worker.id=0"));
        // In seconds, from the accept to the handoff: both happened within the time this test watched.
        var latency = Assert.Single(_collector.Recorded("sticky_actors.handoff.duration"));
        Assert.True(latency > 0 && latency <= elapsed, $"handoff latency {latency} s outside (0, {elapsed}] s");
    }

    [Fact]
    public void LoopbackConnect_NoWorkerRegistered_ShowsOneWaitingConnection()
    {
        StartMaster(workers: 1);

        using var client = new TcpClient();
        client.Connect(_endPoint);

        AwaitAssert(() => Assert.Equal(1, _collector.Observe("sticky_actors.connections.waiting")));
        Assert.Empty(_collector.Recorded("sticky_actors.handoff.duration"));
    }

    [Fact]
    public void WorkerCrash_WorkerOwningEveryBucket_CountsTheMovesAndOneRestartForThatSlot()
    {
        var master = StartMaster(workers: 2);
        Register(master, 0);
        Register(master, 1);

        // Each takes its home buckets (512 each); the crashed one's 512 then wait for its replacement.
        AwaitAssert(() => Assert.Equal(1024, _collector.Sum("sticky_actors.buckets.moved")));
        _launcher.Last(0).Process.Exit(1);

        AwaitAssert(() => Assert.Equal(1536, _collector.Sum("sticky_actors.buckets.moved")));
        Assert.Equal(0, _collector.Observe("sticky_actors.worker.restarts", "worker.id=0"));
        AwaitCondition(() =>
        {
            ((TestScheduler)Sys.Scheduler).Advance(TimeSpan.FromMilliseconds(200));
            return _launcher.LaunchCount(0) == 2;
        });
        Assert.Equal(1, _collector.Observe("sticky_actors.worker.restarts", "worker.id=0"));
        Assert.Equal(0, _collector.Observe("sticky_actors.worker.restarts", "worker.id=1"));
    }

    [Fact]
    public void CrashLoop_OnlySlotGivenUp_GaugeShowsItAndANewConnectionIsClosedAtOnce()
    {
        StartMaster(workers: 1, "workers.crash-loop.max-exits = 1");
        AwaitCondition(() => _launcher.LaunchCount(0) == 1);
        Assert.Equal(0, _collector.Observe("sticky_actors.worker.given_up", "worker.id=0"));

        _launcher.Last(0).Process.Exit(1);

        AwaitAssert(() => Assert.Equal(1, _collector.Observe("sticky_actors.worker.given_up", "worker.id=0")));
        // No worker will come: the connection is not held for handoff.no-worker-timeout (10 s).
        using var client = new TcpClient { ReceiveTimeout = 5000 };
        client.Connect(_endPoint);
        Assert.Equal(0, client.GetStream().Read(new byte[1]));
        AwaitAssert(() => Assert.Equal(1, _collector.Observe("sticky_actors.connections.dropped", "reason=no_worker")));
        Assert.Equal(0, _collector.Observe("sticky_actors.connections.waiting"));
        Assert.Equal(1, _launcher.LaunchCount(0));
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _collector.Dispose();
    }

    private IActorRef StartMaster(int workers, string extra = "")
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon($$"""
            sticky-actors {
              listen { address = "127.0.0.1", port = 0 }
              workers { count = {{workers}}, restart-backoff { min = 1s, max = 4s, random-factor = 0 } }
              routing.buckets = 1024
              {{extra}}
            }
            """));
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        _endPoint = (IPEndPoint)listener.LocalEndPoint!;
        var resources = new MasterResources(settings, listener, _ => _launcher, "akka://test", NullLoggerFactory.Instance, TimeProvider.System, _collector.MeterFactory);
        return Sys.ActorOf(MasterActor.Props(resources), "master");
    }

    private void Register(IActorRef master, int worker)
    {
        AwaitCondition(() => _launcher.LaunchCount(worker) >= 1);
        var (spec, process, _) = _launcher.Last(worker);
        // The launch is known to the master (its lifecycle event arrived) before the worker registers.
        AwaitCondition(() => master.Ask<ClusterStatus>(GetStatus.Instance, TimeSpan.FromSeconds(3)).Result.Workers[worker].Pid == process.Pid);
        var control = CreateTestProbe();
        control.Send(master, new RegisterWorker(worker, spec.Generation, process.Pid, spec.Secret));
        control.ExpectMsg<WorkerRegistered>();
    }
}
