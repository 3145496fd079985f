using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit;
using StickyActors.Tests.Workers;

namespace StickyActors.Tests.Diagnostics;

/// <summary>The master's meter after real events: a loopback accept, a worker crash and its relaunch.</summary>
public sealed class MasterMetricsSpecs : MasterSpecs
{
    private readonly MetricsCollector _collector = new();

    [Fact]
    public void LoopbackConnect_RegisteredWorker_CountsAcceptedHandedOffAndRecordsLatency()
    {
        var master = StartMetered(workers: 1);
        Register(master, 0);

        using var client = new TcpClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        client.Connect(EndPoint);

        AwaitCondition(() => Launcher.Last(0).Channel.Received.Count == 1);
        var elapsed = clock.Elapsed.TotalSeconds;
        Launcher.Last(0).Channel.Received[0].Close();
        Assert.Equal(1, _collector.Observe("sticky_actors.connections.accepted"));
        Assert.Equal(1, _collector.Observe("sticky_actors.connections.handed_off", "worker.id=0"));
        // In seconds, from the accept to the handoff: both happened within the time this test watched.
        var latency = Assert.Single(_collector.Recorded("sticky_actors.handoff.duration"));
        Assert.True(latency > 0 && latency <= elapsed, $"handoff latency {latency} s outside (0, {elapsed}] s");
    }

    [Fact]
    public void LoopbackConnect_NoWorkerRegistered_ShowsOneWaitingConnection()
    {
        StartMetered(workers: 1);

        using var client = new TcpClient();
        client.Connect(EndPoint);

        AwaitAssert(() => Assert.Equal(1, _collector.Observe("sticky_actors.connections.waiting")));
        Assert.Empty(_collector.Recorded("sticky_actors.handoff.duration"));
    }

    [Fact]
    public void WorkerCrash_WorkerOwningEveryBucket_CountsTheMovesAndOneRestartForThatSlot()
    {
        var master = StartMetered(workers: 2);
        Register(master, 0);
        Register(master, 1);

        // Each takes its home buckets (512 each); the crashed one's 512 then wait for its replacement.
        AwaitAssert(() => Assert.Equal(1024, _collector.Sum("sticky_actors.buckets.moved")));
        Launcher.Last(0).Process.Exit(1);

        AwaitAssert(() => Assert.Equal(1536, _collector.Sum("sticky_actors.buckets.moved")));
        Assert.Equal(0, _collector.Observe("sticky_actors.worker.restarts", "worker.id=0"));
        AwaitCondition(() =>
        {
            ((TestScheduler)Sys.Scheduler).Advance(TimeSpan.FromMilliseconds(200));
            return Launcher.LaunchCount(0) == 2;
        });
        Assert.Equal(1, _collector.Observe("sticky_actors.worker.restarts", "worker.id=0"));
        Assert.Equal(0, _collector.Observe("sticky_actors.worker.restarts", "worker.id=1"));
    }

    [Fact]
    public void CrashLoop_OnlySlotGivenUp_GaugeShowsItAndANewConnectionIsClosedAtOnce()
    {
        StartMetered(workers: 1, "workers.crash-loop.max-exits = 1");
        AwaitCondition(() => Launcher.LaunchCount(0) == 1);
        Assert.Equal(0, _collector.Observe("sticky_actors.worker.given_up", "worker.id=0"));

        Launcher.Last(0).Process.Exit(1);

        AwaitAssert(() => Assert.Equal(1, _collector.Observe("sticky_actors.worker.given_up", "worker.id=0")));
        // No worker will come: the connection is not held for handoff.no-worker-timeout (10 s).
        using var client = new TcpClient { ReceiveTimeout = 5000 };
        client.Connect(EndPoint);
        Assert.Equal(0, client.GetStream().Read(new byte[1]));
        AwaitAssert(() => Assert.Equal(1, _collector.Observe("sticky_actors.connections.dropped", "reason=no_worker")));
        Assert.Equal(0, _collector.Observe("sticky_actors.connections.waiting"));
        Assert.Equal(1, Launcher.LaunchCount(0));
    }

    private IActorRef StartMetered(int workers, string extra = "") =>
        StartMaster(workers, "workers.startup-timeout = 30s\n" + extra, meterFactory: _collector.MeterFactory);

    protected override void AfterAll()
    {
        base.AfterAll();
        _collector.Dispose();
    }

}
