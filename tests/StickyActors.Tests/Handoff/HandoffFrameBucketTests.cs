using System.Net;
using Microsoft.Extensions.Time.Testing;
using StickyActors.Handoff;
using StickyActors.Routing;

namespace StickyActors.Tests.Handoff;

public sealed class HandoffFrameBucketTests
{
    [Fact]
    public void Encode_ThenDecode_CarriesEachConnectionsBucket()
    {
        AcceptedConnection[] batch =
        [
            new(OwnedDescriptor.None, ClientAddress.FromEndPoint(IPEndPoint.Parse("203.0.113.9:4242")), "GET /"u8.ToArray(), 0, Bucket: 1023),
            new(OwnedDescriptor.None, ClientAddress.FromEndPoint(IPEndPoint.Parse("[2001:db8::7]:80")), ReadOnlyMemory<byte>.Empty, 0, Bucket: 0),
            new(OwnedDescriptor.None, ClientAddress.None, new byte[] { 1 }, 0, Bucket: (1 << 20) - 1),
        ];
        var buffer = new byte[HandoffFrame.MaxFrame];
        var frame = buffer.AsSpan(0, HandoffFrame.Encode(batch, buffer));

        var offset = HandoffFrame.HeaderSize;
        foreach (var expected in batch)
        {
            Assert.True(HandoffFrame.TryReadEntry(frame, ref offset, out _, out _, out var bucket));
            Assert.Equal(expected.Bucket, bucket);
        }
    }

    [Fact]
    public void Dispatch_Connection_IsSentWithTheBucketItsKeyHashesTo()
    {
        var time = new FakeTimeProvider();
        var worker = new FakeHandoffTarget(0);
        var holder = new RoutingTableHolder(new RoutingSnapshot(new int[64], [worker], seed: 1, version: 1));
        var counters = new HandoffCounters(1);
        using var waiting = new NoWorkerQueue(16, TimeSpan.FromSeconds(10), time, counters.OnExpiredNoWorker);
        var dispatcher = new ConnectionDispatcher(holder, new BucketActivity(64, time), counters, waiting);

        dispatcher.Dispatch(new AcceptedConnection(OwnedDescriptor.None, ClientAddress.None, ReadOnlyMemory<byte>.Empty, time.GetTimestamp(), Key: 0xDEAD_BEEF_0000_0000UL));

        Assert.Equal(AffinityHash.Bucket(0xDEAD_BEEF_0000_0000UL, 64), Assert.Single(worker.Received).Bucket);
    }
}
