using StickyActors.ControlPlane;
using StickyActors.Routing;

namespace StickyActors.Tests.Workers;

/// <summary>With <c>affinity.key = bucket-cookie</c> the master tells each registered worker the buckets it owns.</summary>
public sealed class OwnedBucketsSpecs : MasterSpecs
{
    public OwnedBucketsSpecs()
        : base(virtualTime: false)
    {
    }

    [Fact]
    public void Register_BucketCookie_EachControlActorIsToldItsOwnBucketsAndTheCookie()
    {
        var master = StartMaster(workers: 2, "routing { buckets = 64, hash-seed = 7 }\naffinity { key = bucket-cookie, name = sa, cookie-lifetime = 1h }");

        var controls = RegisterAll(master, 2);

        foreach (var (id, control) in controls)
        {
            var owned = control.FishForMessage<WorkerBucketsOwned>(m => m.Owned.Count == 32, TimeSpan.FromSeconds(10));
            Assert.Equal(id, owned.WorkerId);
            Assert.All(owned.Owned, bucket => Assert.Equal(id, bucket % 2));
            Assert.Equal(("sa", TimeSpan.FromHours(1), 64, AffinityCookie.KeyFor(7)), (owned.CookieName, owned.CookieLifetime, owned.Buckets, owned.CookieKey));
        }
    }

    [Fact]
    public void Register_OtherAffinityKey_NoWorkerIsToldAnything()
    {
        var master = StartMaster(workers: 2, "routing { buckets = 64, hash-seed = 7 }\naffinity.key = client-ip");

        var controls = RegisterAll(master, 2);

        foreach (var control in controls.Values)
        {
            control.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        }
    }

}
