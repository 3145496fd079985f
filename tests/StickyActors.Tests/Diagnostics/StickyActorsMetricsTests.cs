using Microsoft.Extensions.Time.Testing;
using StickyActors.Diagnostics;
using StickyActors.Handoff;
using StickyActors.Routing;
using StickyActors.Supervision;
using StickyActors.Tests.Handoff;

namespace StickyActors.Tests.Diagnostics;

/// <summary>The StickyActors meter over the data path's counters, seen through a MeterListener.</summary>
public sealed class StickyActorsMetricsTests : IDisposable
{
    private readonly MetricsCollector _collector = new();
    private readonly FakeTimeProvider _time = new();
    private readonly HandoffCounters _counters = new(workers: 2);
    private readonly WorkerGenerations _generations = new(workers: 2);
    private int _waiting;

    public void Dispose() => _collector.Dispose();

    [Fact]
    public void ObservableCounters_AfterDataPathEvents_ReportTheCounts()
    {
        using var metrics = CreateMetrics();
        for (var i = 0; i < 3; i++)
        {
            _counters.OnAccepted();
        }

        _counters.OnHandedOff(1);
        _counters.OnHandedOff(1);
        _counters.OnRerouted();
        _counters.OnOverflow();
        _counters.OnExpiredNoWorker();
        _counters.OnExpiredNoWorker();
        _counters.OnAcceptError();
        _counters.OnPreambleRejected();

        Assert.Equal(3, _collector.Observe("sticky_actors.connections.accepted"));
        Assert.Equal(0, _collector.Observe("sticky_actors.connections.handed_off", "worker.id=0"));
        Assert.Equal(2, _collector.Observe("sticky_actors.connections.handed_off", "worker.id=1"));
        Assert.Equal(1, _collector.Observe("sticky_actors.connections.rerouted"));
        Assert.Equal(1, _collector.Observe("sticky_actors.connections.dropped", "reason=queue_full"));
        Assert.Equal(2, _collector.Observe("sticky_actors.connections.dropped", "reason=no_worker"));
        Assert.Equal(1, _collector.Observe("sticky_actors.accept.errors"));
        Assert.Equal(1, _collector.Observe("sticky_actors.preambles.rejected"));
    }

    [Fact]
    public void ObserveCluster_ForwardingAndMembers_ReportCountsBytesStatesAndBucketsPerHost()
    {
        using var metrics = CreateMetrics();
        var forwarding = new ForwardingStatus(ForwardedOut: 5, ForwardedIn: 3, Failures: 2, RejectedIn: 1, Open: 4, BytesToOwners: 1000, BytesFromOwners: 7000);
        HostStatus[] hosts =
        [
            new("akka.tcp://c@10.0.0.1:4053", "Up", Reachable: true, 2, "10.0.0.1:4054", 600, IsThisHost: true),
            new("akka.tcp://c@10.0.0.2:4053", "Up", Reachable: true, 2, "10.0.0.2:4054", 424, IsThisHost: false),
            new("akka.tcp://c@10.0.0.3:4053", "Up", Reachable: false, 2, "10.0.0.3:4054", 0, IsThisHost: false),
            new("akka.tcp://c@10.0.0.4:4053", "Joining", Reachable: true, 2, "10.0.0.4:4054", 0, IsThisHost: false),
        ];
        metrics.ObserveCluster(() => forwarding, () => hosts);

        Assert.Equal(5, _collector.Observe("sticky_actors.forward.connections", "direction=out"));
        Assert.Equal(3, _collector.Observe("sticky_actors.forward.connections", "direction=in"));
        Assert.Equal(1000, _collector.Observe("sticky_actors.forward.bytes", "direction=to_owner"));
        Assert.Equal(7000, _collector.Observe("sticky_actors.forward.bytes", "direction=from_owner"));
        Assert.Equal(2, _collector.Observe("sticky_actors.forward.failures"));
        Assert.Equal(1, _collector.Observe("sticky_actors.forward.rejected"));
        Assert.Equal(4, _collector.Observe("sticky_actors.forward.open"));
        Assert.Equal(2, _collector.Observe("sticky_actors.cluster.members", "state=Up"));
        Assert.Equal(1, _collector.Observe("sticky_actors.cluster.members", "state=Unreachable"));
        Assert.Equal(1, _collector.Observe("sticky_actors.cluster.members", "state=Joining"));
        Assert.Equal(424, _collector.Observe("sticky_actors.cluster.buckets", "host=akka.tcp://c@10.0.0.2:4053"));
    }

    [Fact]
    public void WorkerRestarts_SecondAndThirdLaunchOfASlot_CountTwoRestartsForThatSlotOnly()
    {
        using var metrics = CreateMetrics();
        _generations.Next(0);
        _generations.Next(1);
        _generations.Next(1);
        _generations.Next(1);

        Assert.Equal(0, _collector.Observe("sticky_actors.worker.restarts", "worker.id=0"));
        Assert.Equal(2, _collector.Observe("sticky_actors.worker.restarts", "worker.id=1"));
    }

    [Fact]
    public void WaitingGauge_ReadsTheQueueWhenCollected()
    {
        using var metrics = CreateMetrics();
        _waiting = 7;

        Assert.Equal(7, _collector.Observe("sticky_actors.connections.waiting"));
    }

    [Fact]
    public void BucketsMoved_AddsTheMovedCount()
    {
        using var metrics = CreateMetrics();

        metrics.OnBucketsMoved(512);
        metrics.OnBucketsMoved(3);

        Assert.Equal(515, _collector.Sum("sticky_actors.buckets.moved"));
    }

    [Fact]
    public void Dispatch_SentStraightAway_RecordsAcceptToSendLatencyInSeconds()
    {
        using var metrics = CreateMetrics();
        var target = new FakeHandoffTarget(0);
        var dispatcher = CreateDispatcher(metrics, target);
        var acceptedAt = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(3));

        dispatcher.Dispatch(new AcceptedConnection(OwnedDescriptor.None, default, ReadOnlyMemory<byte>.Empty, acceptedAt));

        Assert.Single(target.Received);
        var recorded = Assert.Single(_collector.Recorded("sticky_actors.handoff.duration"));
        Assert.Equal(0.003, recorded, precision: 9);
        Assert.Equal(1, _collector.Observe("sticky_actors.connections.handed_off", "worker.id=0"));
    }

    [Fact]
    public void Dispatch_NoWorkerAlive_RecordsNoLatencyAndCountsTheWaitingConnection()
    {
        using var metrics = CreateMetrics();
        var target = new FakeHandoffTarget(0) { Alive = false };
        using var waiting = new NoWorkerQueue(16, TimeSpan.FromSeconds(10), _time, _counters.OnExpiredNoWorker);
        var dispatcher = CreateDispatcher(metrics, target, waiting);

        dispatcher.Dispatch(new AcceptedConnection(OwnedDescriptor.None, default, ReadOnlyMemory<byte>.Empty, _time.GetTimestamp()));

        Assert.Empty(_collector.Recorded("sticky_actors.handoff.duration"));
        Assert.Equal(1, waiting.Count);
    }

    private StickyActorsMetrics CreateMetrics() =>
        new(_counters, _generations, workers: 2, () => _waiting, _time, _collector.MeterFactory);

    private ConnectionDispatcher CreateDispatcher(StickyActorsMetrics metrics, FakeHandoffTarget target, NoWorkerQueue? waiting = null)
    {
        var owners = new int[16];
        var routing = new RoutingTableHolder(new RoutingSnapshot(owners, [target, null], seed: 1, version: 1));
        waiting ??= new NoWorkerQueue(16, TimeSpan.FromSeconds(10), _time, _counters.OnExpiredNoWorker);
        return new ConnectionDispatcher(routing, new BucketActivity(16, _time), _counters, waiting, metrics.RecordHandoff);
    }
}
