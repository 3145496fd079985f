using System.Net;
using Microsoft.Extensions.Time.Testing;
using StickyActors.Handoff;
using StickyActors.Routing;
using StickyActors.Tests.Handoff;

namespace StickyActors.Tests.Routing;

/// <summary>The accept thread's dispatch allocates nothing per connection, with a cluster or without.</summary>
public sealed class DispatchAllocationTests
{
    private const int Buckets = 16;
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Dispatch_ClusterHostOwningTheBucket_AllocatesNothingPerConnection()
    {
        var self = new HostEntry("self", IPEndPoint.Parse("127.0.0.11:4054"), 1, IsSelf: true);
        var other = new HostEntry("other", IPEndPoint.Parse("127.0.0.12:4054"), 1, IsSelf: false);
        var hosts = new HostTableHolder();
        hosts.Publish(new HostTable([self, other], new int[Buckets], version: 1));
        var forwarder = new CountingForwarder();
        var (dispatcher, worker) = Create(hosts, forwarder);

        var allocated = AllocatedBy(dispatcher);

        Assert.Equal(0, forwarder.Forwarded);
        Assert.Equal(101, worker.Received.Count);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Dispatch_SingleHost_AllocatesNothingPerConnection()
    {
        var (dispatcher, worker) = Create(hosts: null, forwarder: null);

        var allocated = AllocatedBy(dispatcher);

        Assert.Equal(101, worker.Received.Count);
        Assert.Equal(0, allocated);
    }

    /// <summary>Bytes this thread allocated for 100 dispatches after a warm-up one.</summary>
    private long AllocatedBy(ConnectionDispatcher dispatcher)
    {
        var connection = new AcceptedConnection(OwnedDescriptor.None, ClientAddress.FromEndPoint(IPEndPoint.Parse("198.51.100.4:5000")), ReadOnlyMemory<byte>.Empty, _time.GetTimestamp(), Key: 42);
        dispatcher.Dispatch(connection);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            dispatcher.Dispatch(connection);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private (ConnectionDispatcher Dispatcher, FakeHandoffTarget Worker) Create(HostTableHolder? hosts, IConnectionForwarder? forwarder)
    {
        var worker = new FakeHandoffTarget(0);
        worker.Received.Capacity = 200;
        var counters = new HandoffCounters(1);
        var waiting = new NoWorkerQueue(16, TimeSpan.FromSeconds(10), _time, counters.OnExpiredNoWorker);
        var routing = new RoutingTableHolder(new RoutingSnapshot(new int[Buckets], [worker], seed: 1, version: 1));
        return (new ConnectionDispatcher(routing, new BucketActivity(Buckets, _time), counters, waiting, hosts: hosts, forwarder: forwarder), worker);
    }

    private sealed class CountingForwarder : IConnectionForwarder
    {
        public int Forwarded { get; private set; }

        public void Forward(AcceptedConnection connection, HostEntry owner, Action<AcceptedConnection> fallback) => Forwarded++;

        public void CloseAllTo(string hostId)
        {
        }
    }
}
