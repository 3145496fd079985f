using StickyActors.Routing;
using StickyActors.Tests.Handoff;

namespace StickyActors.Tests.Routing;

public sealed class InterimOwnerTests
{
    private const ulong Seed = 1469598103934665603;

    [Fact]
    public void Pick_AcceptThreadAndRoutingActor_AgreeForEveryBucketOfADeadWorker()
    {
        for (var dead = 0; dead < 4; dead++)
        {
            var table = new BucketTable(1024, 4, Seed);
            var targets = new FakeHandoffTarget[4];
            for (var w = 0; w < 4; w++)
            {
                table.WorkerUp(w);
                targets[w] = new FakeHandoffTarget(w);
            }

            // The accept thread sees the channel dead before the actor publishes a new table.
            var before = new RoutingSnapshot(table.SnapshotOwners(), targets, Seed, 1, holdOnLoss: false);
            targets[dead].Alive = false;
            table.WorkerLost(dead, hold: false);

            for (var b = dead; b < 1024; b += 4)
            {
                Assert.Equal(table.OwnerOf(b), before.TargetFor(b)!.WorkerId);
            }
        }
    }

    [Fact]
    public void Pick_HoldOnLoss_AcceptThreadWaitsForTheReplacementLikeTheActor()
    {
        var table = new BucketTable(64, 4, Seed);
        var targets = new FakeHandoffTarget[4];
        for (var w = 0; w < 4; w++)
        {
            table.WorkerUp(w);
            targets[w] = new FakeHandoffTarget(w);
        }

        var before = new RoutingSnapshot(table.SnapshotOwners(), targets, Seed, 1, holdOnLoss: true);
        targets[3].Alive = false;
        table.WorkerLost(3, hold: true);

        for (var b = 3; b < 64; b += 4)
        {
            Assert.Null(before.TargetFor(b));
            Assert.Equal(BucketTable.Unowned, table.OwnerOf(b));
        }

        Assert.Equal(0, before.TargetFor(0)!.WorkerId);
    }

    [Fact]
    public void Pick_AnotherWorkerDies_OnlyItsBucketsChangeInterimOwner()
    {
        bool[] threeLive = [true, true, true, false, true];
        bool[] twoLive = [true, false, true, false, true];

        for (var b = 0; b < 4096; b++)
        {
            var first = InterimOwner.Pick(b, Seed, threeLive);
            var second = InterimOwner.Pick(b, Seed, twoLive);
            if (first != 1)
            {
                Assert.Equal(first, second);
            }
            else
            {
                Assert.NotEqual(1, second);
            }
        }
    }

    [Fact]
    public void Pick_DeadWorkersBuckets_SpreadEvenlyOverTheLive()
    {
        bool[] live = [true, true, true, true, true, true, true, false];
        var counts = new int[8];

        for (var b = 7; b < 8 * 1024; b += 8)
        {
            counts[InterimOwner.Pick(b, Seed, live)]++;
        }

        Assert.Equal(0, counts[7]);
        var mean = 1024 / 7.0;
        Assert.All(counts.Take(7), c => Assert.InRange(c, mean * 0.8, mean * 1.2));
    }

    [Fact]
    public void Pick_NoLiveWorker_IsUnowned()
    {
        Assert.Equal(BucketTable.Unowned, InterimOwner.Pick(5, Seed, [false, false]));
    }

    [Fact]
    public void Pick_SameInputs_SameAnswerEveryTime()
    {
        bool[] live = [true, false, true, true];

        var first = Enumerable.Range(0, 256).Select(b => InterimOwner.Pick(b, Seed, live)).ToArray();
        var second = Enumerable.Range(0, 256).Select(b => InterimOwner.Pick(b, Seed, live)).ToArray();

        Assert.Equal(first, second);
        Assert.NotEqual(first, Enumerable.Range(0, 256).Select(b => InterimOwner.Pick(b, Seed + 1, live)).ToArray());
    }

    [Fact]
    public void Ownership_OneWorkerAway_CountsOwnedHeldAndAway()
    {
        var table = new BucketTable(16, 2, Seed);
        table.WorkerUp(0);
        table.EndHold(1);

        var view = BucketOwnership.Of(table.SnapshotOwners(), 2);

        Assert.Equal(16, view.Owned(0));
        Assert.Equal(8, view.HeldForOthers(0));
        Assert.Equal(0, view.AwayFromHome(0));
        Assert.Equal(0, view.Owned(1));
        Assert.Equal(8, view.AwayFromHome(1));
        Assert.Equal(Enumerable.Range(0, 16).ToArray(), BucketOwnership.BucketsOf(table.SnapshotOwners(), 0));
    }
}
