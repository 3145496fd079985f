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
