using System.Net;
using Microsoft.Extensions.Time.Testing;
using StickyActors.Handoff;
using StickyActors.Routing;
using StickyActors.Tests.Handoff;

namespace StickyActors.Tests.Routing;

public sealed class PinnedBucketDispatchTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Dispatch_PinnedBucket_GoesToThatBucketsOwnerNotTheKeys()
    {
        var owners = Enumerable.Range(0, 16).Select(b => b % 2).ToArray();
        var workers = new[] { new FakeHandoffTarget(0), new FakeHandoffTarget(1) };
        var dispatcher = Create(new RoutingSnapshot(owners, workers, seed: 1, version: 1));
        var keyBucket = AffinityHash.Bucket(42, 16);
        var pinned = (keyBucket + 1) % 16;

        dispatcher.Dispatch(Connection(Bucket: pinned, Pinned: true));
        dispatcher.Dispatch(Connection(Bucket: pinned, Pinned: false));

        Assert.Equal(pinned, workers[pinned % 2].Received.Single().Bucket);
        Assert.Equal(keyBucket, workers[keyBucket % 2].Received.Single().Bucket);
    }

    [Fact]
    public void Dispatch_PinnedBucketBeyondTheTable_FallsBackToTheKey()
    {
        var worker = new FakeHandoffTarget(0);
        var dispatcher = Create(new RoutingSnapshot(new int[16], [worker], seed: 1, version: 1));

        dispatcher.Dispatch(Connection(Bucket: 99, Pinned: true));

        Assert.Equal(AffinityHash.Bucket(42, 16), worker.Received.Single().Bucket);
    }

    private ConnectionDispatcher Create(RoutingSnapshot snapshot)
    {
        var counters = new HandoffCounters(snapshot.Ownership().Workers);
        var waiting = new NoWorkerQueue(16, TimeSpan.FromSeconds(10), _time, counters.OnExpiredNoWorker);
        return new ConnectionDispatcher(new RoutingTableHolder(snapshot), new BucketActivity(16, _time), counters, waiting);
    }

    private AcceptedConnection Connection(int Bucket, bool Pinned) =>
        new(OwnedDescriptor.None, ClientAddress.FromEndPoint(IPEndPoint.Parse("198.51.100.4:5000")), ReadOnlyMemory<byte>.Empty, _time.GetTimestamp(), Key: 42, Bucket, Pinned);
}
