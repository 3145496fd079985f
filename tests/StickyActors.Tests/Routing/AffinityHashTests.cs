using System.Net;
using StickyActors.Handoff;
using StickyActors.Routing;

namespace StickyActors.Tests.Routing;

public sealed class AffinityHashTests
{
    [Fact]
    public void Of_Ipv4MappedIpv6Address_HashesLikeTheIpv4Address()
    {
        var v4 = ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 1));
        var mapped = ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("::ffff:203.0.113.7"), 2));

        Assert.Equal(v4.Family, mapped.Family);
        Assert.Equal(AffinityHash.Of(v4, 42), AffinityHash.Of(mapped, 42));
    }

    [Fact]
    public void Of_SameClientDifferentPorts_SameHash()
    {
        var a = ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 1000));
        var b = ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 2000));

        Assert.Equal(AffinityHash.Of(a, 7), AffinityHash.Of(b, 7));
    }

    [Fact]
    public void Of_DifferentSeeds_DifferentHashes()
    {
        var client = ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1));

        Assert.NotEqual(AffinityHash.Of(client, 1), AffinityHash.Of(client, 2));
    }

    [Fact]
    public void Bucket_ManyAddresses_SpreadsEvenly()
    {
        const int buckets = 64;
        var counts = new int[buckets];
        for (var i = 0; i < 64_000; i++)
        {
            var address = new IPAddress(BitConverter.GetBytes(0x0A000000u + (uint)i).Reverse().ToArray());
            var client = ClientAddress.FromEndPoint(new IPEndPoint(address, 80));
            counts[AffinityHash.Bucket(AffinityHash.Of(client, 1469598103934665603), buckets)]++;
        }

        // 1000 expected per bucket; a fair hash stays well within ±20 %.
        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }
}
