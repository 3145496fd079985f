using System.Net;
using StickyActors.Routing;

namespace StickyActors.Tests.Routing;

public sealed class HostRendezvousTests
{
    private const int Buckets = 1024;

    [Fact]
    public void Compute_ShuffledMembers_GiveTheIdenticalTable()
    {
        var hosts = Hosts(5);
        var reference = Owners(HostRendezvous.Compute(hosts, Buckets, 1));

        for (var seed = 0; seed < 10; seed++)
        {
            var shuffled = hosts.OrderBy(_ => Random.Shared.Next()).ToArray();
            Assert.Equal(reference, Owners(HostRendezvous.Compute(shuffled, Buckets, 1)));
        }
    }

    [Fact]
    public void Compute_ThreeEqualHosts_EachOwnsAThirdWithinFifteenPercent()
    {
        var counts = HostRendezvous.Compute(Hosts(3), Buckets, 1).BucketCounts();

        Assert.All(counts, c => Assert.InRange(c, Buckets / 3 * 0.85, Buckets / 3 * 1.15));
        Assert.Equal(Buckets, counts.Sum());
    }

    [Fact]
    public void Compute_WeightsTwoToOne_SplitTheBucketsAboutTwoToOne()
    {
        var hosts = new[] { Host("akka.tcp://s@10.0.0.1:4053", 2), Host("akka.tcp://s@10.0.0.2:4053", 1) };

        var counts = HostRendezvous.Compute(hosts, Buckets, 1).BucketCounts();

        Assert.InRange(counts[0] / (double)counts[1], 1.7, 2.3);
    }

    [Fact]
    public void Compute_HostAdded_MovesBucketsOnlyToTheNewcomer_AboutItsShare()
    {
        var before = HostRendezvous.Compute(Hosts(3), Buckets, 1);
        var newcomer = Host("akka.tcp://s@10.0.0.99:4053", 1);
        var after = HostRendezvous.Compute([.. Hosts(3), newcomer], Buckets, 2);

        var moved = Enumerable.Range(0, Buckets).Where(b => before.OwnerOf(b)!.Id != after.OwnerOf(b)!.Id).ToList();

        Assert.All(moved, b => Assert.Equal(newcomer.Id, after.OwnerOf(b)!.Id));
        Assert.InRange(moved.Count, Buckets / 4 * 0.8, Buckets / 4 * 1.2);
    }

    [Fact]
    public void Compute_HostRemoved_MovesOnlyItsBuckets()
    {
        var hosts = Hosts(4);
        var before = HostRendezvous.Compute(hosts, Buckets, 1);
        var gone = hosts[2];
        var after = HostRendezvous.Compute(hosts.Where(h => h != gone), Buckets, 2);

        for (var b = 0; b < Buckets; b++)
        {
            if (before.OwnerOf(b)!.Id != gone.Id)
            {
                Assert.Equal(before.OwnerOf(b)!.Id, after.OwnerOf(b)!.Id);
            }
            else
            {
                Assert.NotEqual(gone.Id, after.OwnerOf(b)!.Id);
            }
        }
    }

    [Fact]
    public void RunnerUpOf_EveryBucket_IsWhereItGoesWhenItsOwnerLeaves()
    {
        var hosts = Hosts(4);
        var before = HostRendezvous.Compute(hosts, Buckets, 1);

        foreach (var gone in hosts)
        {
            var after = HostRendezvous.Compute(hosts.Where(h => h != gone), Buckets, 2);
            for (var b = 0; b < Buckets; b++)
            {
                if (before.OwnerOf(b)!.Id == gone.Id)
                {
                    Assert.Equal(after.OwnerOf(b)!.Id, before.RunnerUpOf(b)!.Id);
                }
            }
        }
    }

    [Fact]
    public void RunnerUpOf_OneHost_IsNone()
    {
        var table = HostRendezvous.Compute(Hosts(1), Buckets, 1);

        Assert.All(Enumerable.Range(0, Buckets), b => Assert.Null(table.RunnerUpOf(b)));
    }

    [Fact]
    public void Compute_WeightZeroHost_OwnsNothing()
    {
        var table = HostRendezvous.Compute([.. Hosts(2), Host("akka.tcp://s@10.0.0.50:4053", 0)], Buckets, 1);

        Assert.Equal(0, table.BucketCounts()[table.Hosts.ToList().FindIndex(h => h.Weight == 0)]);
        Assert.Equal(Buckets, table.BucketCounts().Sum());
    }

    [Fact]
    public void IdHash_OfAnId_IsAFixedValueInEveryProcess()
    {
        // string.GetHashCode would differ per process; every host must compute the same table.
        Assert.Equal(0xDB59A315D4E74BF8UL, HostRendezvous.IdHash("akka.tcp://sticky-actors-cluster@10.0.0.1:4053"));
    }

    private static HostEntry[] Hosts(int count) =>
        Enumerable.Range(1, count).Select(i => Host($"akka.tcp://sticky-actors-cluster@10.0.0.{i}:4053", 1)).ToArray();

    private static HostEntry Host(string id, int weight) => new(id, new IPEndPoint(IPAddress.Loopback, 4054), weight, IsSelf: false);

    private static string[] Owners(HostTable table) => Enumerable.Range(0, Buckets).Select(b => table.OwnerOf(b)!.Id).ToArray();
}
