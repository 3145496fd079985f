using System.Runtime.Serialization;
using Akka.Actor;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

public sealed class WorkerBucketsOwnedSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void ToBinary_ThenFromBinary_RoundTrips()
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);
        var message = new WorkerBucketsOwned(2, "sticky", TimeSpan.FromDays(1), 1024, 0xFEDC_BA98_7654_3210UL, [2, 6, 1022]);

        var copy = Assert.IsType<WorkerBucketsOwned>(serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message)));

        Assert.Equal((2, "sticky", TimeSpan.FromDays(1), 1024, 0xFEDC_BA98_7654_3210UL), (copy.WorkerId, copy.CookieName, copy.CookieLifetime, copy.Buckets, copy.CookieKey));
        Assert.Equal([2, 6, 1022], copy.Owned);
    }

    [Fact]
    public void FromBinary_BucketBeyondTheTable_Throws()
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);
        var bad = new WorkerBucketsOwned(0, "s", TimeSpan.Zero, 16, 1, [16]);

        Assert.Throws<SerializationException>(() => serializer.FromBinary(serializer.ToBinary(bad), serializer.Manifest(bad)));
    }

    [Fact]
    public void FromBinary_Truncated_Throws()
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);
        var message = new WorkerBucketsOwned(0, "s", TimeSpan.Zero, 16, 1, [1, 2, 3]);
        var bytes = serializer.ToBinary(message);

        Assert.ThrowsAny<Exception>(() => serializer.FromBinary(bytes[..^5], serializer.Manifest(message)));
    }
}
