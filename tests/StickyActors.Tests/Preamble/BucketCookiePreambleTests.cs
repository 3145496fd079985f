using System.Net;
using System.Text;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Preamble;
using StickyActors.Routing;

namespace StickyActors.Tests.Preamble;

public sealed class BucketCookiePreambleTests
{
    private static readonly ClientAddress Peer = ClientAddress.FromEndPoint(IPEndPoint.Parse("192.0.2.10:4000"));
    private static readonly StickyActorsSettings Settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon("""
        sticky-actors.affinity { key = bucket-cookie, name = sa }
        """));

    private static readonly ulong Key = AffinityCookie.KeyFor(Settings.Routing.HashSeed);

    [Fact]
    public void Step_ValidCookie_RoutesToTheNamedBucketAndCountsIt()
    {
        var keys = Keys();
        var value = AffinityCookie.Encode(517, Settings.Routing.Buckets, Key);

        var decision = Machine(keys).Step(Head($"Cookie: theme=dark; sa={value}"));

        Assert.Equal(PreambleOutcome.Route, decision.Outcome);
        Assert.Equal(517, decision.Bucket);
        Assert.Equal((1, 0), (keys.Cookies.Routed, keys.Cookies.Rejected));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("0AAAAAAAA")]
    [InlineData("1zzzzzzzz")]
    [InlineData("\"1AAAAAAAA\"")]
    [InlineData("session-7f3a9c")]
    public void Step_ForgedCookie_RoutesByAddressAndCountsIt(string forged)
    {
        var keys = Keys();

        var decision = Machine(keys).Step(Head($"Cookie: sa={forged}"));
        var byAddress = Machine(Keys()).Step(Head("X-No-Cookie: 1"));

        Assert.Equal(PreambleOutcome.Route, decision.Outcome);
        Assert.Equal(-1, decision.Bucket);
        Assert.Equal(byAddress.Key, decision.Key);
        Assert.Equal(keys.ForClient(Peer), decision.Key);
        Assert.Equal((0, 1), (keys.Cookies.Routed, keys.Cookies.Rejected));
    }

    [Fact]
    public void Step_ValueForAnotherBucketCount_RoutesByAddressAndCountsIt()
    {
        var keys = Keys();
        var value = AffinityCookie.Encode(3, Settings.Routing.Buckets * 2, Key);

        var decision = Machine(keys).Step(Head($"Cookie: sa={value}"));

        Assert.Equal(-1, decision.Bucket);
        Assert.Equal(1, keys.Cookies.Rejected);
    }

    [Fact]
    public void Step_NoCookie_RoutesByAddressAndCountsNothing()
    {
        var keys = Keys();

        var decision = Machine(keys).Step(Head("Cookie: other=1"));

        Assert.Equal(-1, decision.Bucket);
        Assert.Equal(keys.ForClient(Peer), decision.Key);
        Assert.Equal((0, 0), (keys.Cookies.Routed, keys.Cookies.Rejected));
    }

    [Fact]
    public void BucketOfCookie_WarmedUp_AllocatesNothing()
    {
        var keys = Keys();
        var valid = Encoding.ASCII.GetBytes(AffinityCookie.Encode(9, Settings.Routing.Buckets, Key));
        var forged = "1zzzzzzzz"u8.ToArray();
        var sum = keys.BucketOfCookie(valid) + keys.BucketOfCookie(forged);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            sum += keys.BucketOfCookie(valid) + keys.BucketOfCookie(forged);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(101 * 8, sum);
    }

    private static AffinityKeyPolicy Keys() => new(Settings.Affinity, Settings.Routing.HashSeed, Settings.Routing.Buckets);

    private static PreambleMachine Machine(AffinityKeyPolicy keys) => new(Settings.Affinity, Settings.Preamble, keys, Peer, peerTrusted: false);

    private static byte[] Head(string header) => Encoding.ASCII.GetBytes($"GET /chat/negotiate HTTP/1.1\r\nHost: x\r\n{header}\r\n\r\n");
}
