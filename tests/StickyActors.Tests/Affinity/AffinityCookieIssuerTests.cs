using StickyActors.ControlPlane;
using StickyActors.Routing;
using StickyActors.Worker;

namespace StickyActors.Tests.Affinity;

public sealed class AffinityCookieIssuerTests
{
    private static readonly ulong Key = AffinityCookie.KeyFor(42);

    [Fact]
    public void NextOwn_BeforeTheMasterSaid_IssuesNothing()
    {
        var issuer = new AffinityCookieIssuer();

        Assert.False(issuer.IsReady);
        Assert.False(issuer.NextOwn(out _, out _));
        Assert.False(issuer.NextAny(out _, out _));
        Assert.False(issuer.IsValid(AffinityCookie.Encode(1, 64, Key)));
    }

    [Fact]
    public void NextOwn_Owned_RoundRobinOverOwnBucketsOnlyAndValid()
    {
        var issuer = Ready(owned: [1, 5, 9]);

        var buckets = Enumerable.Range(0, 30).Select(_ =>
        {
            Assert.True(issuer.NextOwn(out var value, out var bucket));
            Assert.True(issuer.IsValid(value));
            return bucket;
        }).ToList();

        Assert.All(buckets, b => Assert.Contains(b, new[] { 1, 5, 9 }));
        Assert.All(buckets.GroupBy(b => b), g => Assert.Equal(10, g.Count()));
    }

    [Fact]
    public void NextAny_ManyNewClients_SpreadEvenlyOverTheHomeWorkers()
    {
        const int workers = 4;
        var issuer = Ready(owned: [0, 4, 8]);

        var perHome = new int[workers];
        for (var i = 0; i < 200; i++)
        {
            Assert.True(issuer.NextAny(out var value, out var bucket));
            Assert.True(issuer.IsValid(value));
            perHome[bucket % workers]++;
        }

        Assert.All(perHome, count => Assert.Equal(50, count));
    }

    [Fact]
    public void IsValid_ValueForAnotherClusterOrGarbage_IsFalse()
    {
        var issuer = Ready(owned: [0]);

        Assert.False(issuer.IsValid(AffinityCookie.Encode(3, 64, AffinityCookie.KeyFor(43))));
        Assert.False(issuer.IsValid(AffinityCookie.Encode(3, 128, Key)));
        Assert.False(issuer.IsValid("garbage"));
        Assert.False(issuer.IsValid("1AAAAAAA\u00e9"));
        Assert.False(issuer.IsValid(null));
    }

    private static AffinityCookieIssuer Ready(int[] owned)
    {
        var issuer = new AffinityCookieIssuer();
        issuer.Update(new WorkerBucketsOwned(0, "sa", TimeSpan.Zero, 64, Key, owned));
        return issuer;
    }
}
