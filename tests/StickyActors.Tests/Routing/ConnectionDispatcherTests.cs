using System.Net;
using Microsoft.Extensions.Time.Testing;
using StickyActors.Handoff;
using StickyActors.Routing;
using StickyActors.Tests.Handoff;

namespace StickyActors.Tests.Routing;

public sealed class ConnectionDispatcherTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Dispatch_OwnerDiesMidSend_ConnectionGoesToALiveWorkerNotDropped()
    {
        var dying = new FakeHandoffTarget(0) { DiesOnNextSend = true };
        var live = new FakeHandoffTarget(1);
        var (dispatcher, counters, _) = Create(new RoutingSnapshot(AllOwnedBy(0), [dying, live], seed: 1, version: 1));

        dispatcher.Dispatch(Connection());

        Assert.Single(live.Received);
        Assert.Empty(dying.Received);
        Assert.Equal(1, counters.Rerouted);
        Assert.Equal(1, counters.HandedOff(1));
    }

    [Fact]
    public void Dispatch_NoWorkerAlive_WaitsAndIsDispatchedWhenOneComesUp()
    {
        var (dispatcher, _, holder) = Create(RoutingSnapshot.Empty(16, 1, seed: 1));
        dispatcher.Dispatch(Connection());
        Assert.Equal(1, dispatcher.Waiting);

        var worker = new FakeHandoffTarget(0);
        holder.Publish(new RoutingSnapshot(AllOwnedBy(0), [worker], seed: 1, version: 2));

        Assert.Equal(0, dispatcher.Waiting);
        Assert.Single(worker.Received);
    }

    [Fact]
    public void Dispatch_NoWorkerPastTheDeadline_IsClosedAndCounted()
    {
        var (dispatcher, counters, _) = Create(RoutingSnapshot.Empty(16, 1, seed: 1));
        dispatcher.Dispatch(Connection());

        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(0, dispatcher.Waiting);
        Assert.Equal(1, counters.ExpiredNoWorker);
    }

    private (ConnectionDispatcher Dispatcher, HandoffCounters Counters, RoutingTableHolder Holder) Create(RoutingSnapshot snapshot)
    {
        var holder = new RoutingTableHolder(snapshot);
        var counters = new HandoffCounters(2);
        var waiting = new NoWorkerQueue(16, TimeSpan.FromSeconds(10), _time, counters.OnExpiredNoWorker);
        return (new ConnectionDispatcher(holder, new BucketActivity(16, _time), counters, waiting), counters, holder);
    }

    private static int[] AllOwnedBy(int worker) => Enumerable.Repeat(worker, 16).ToArray();

    private AcceptedConnection Connection() =>
        new(OwnedDescriptor.None, ClientAddress.FromEndPoint(IPEndPoint.Parse("198.51.100.4:5000")), ReadOnlyMemory<byte>.Empty, _time.GetTimestamp(), Key: 42);
}
