using StickyActors.Routing;

namespace StickyActors.Tests.Routing;

public sealed class BucketTableTests
{
    private static BucketTable AllUp(int buckets, int workers)
    {
        var table = new BucketTable(buckets, workers, seed: 7);
        for (var w = 0; w < workers; w++)
        {
            table.WorkerUp(w);
        }

        return table;
    }

    [Fact]
    public void WorkerUp_AllWorkersUp_EachOwnsItsHomeBucketsEvenly()
    {
        var table = AllUp(1024, 4);

        for (var w = 0; w < 4; w++)
        {
            Assert.Equal(256, table.OwnedBy(w));
        }

        Assert.All(Enumerable.Range(0, 1024), b => Assert.Equal(table.HomeOf(b), table.OwnerOf(b)));
    }

    [Fact]
    public void WorkerUp_FirstOfFourWhileOthersStart_TakesOnlyItsHomeBuckets()
    {
        var table = new BucketTable(1024, 4, seed: 7);

        var moved = table.WorkerUp(2);

        Assert.Equal(256, moved.Count);
        Assert.Equal(256, table.OwnedBy(2));
        Assert.All(Enumerable.Range(0, 1024).Where(b => table.HomeOf(b) != 2), b => Assert.Equal(BucketTable.Unowned, table.OwnerOf(b)));
    }

    [Fact]
    public void EndHold_SlotNeverCameUp_ItsBucketsGoToInterimOwnersOnly()
    {
        var table = new BucketTable(1024, 4, seed: 7);
        table.WorkerUp(0);
        table.WorkerUp(1);
        table.WorkerUp(2);

        var moved = table.EndHold(3);

        Assert.Equal(256, moved.Count);
        Assert.All(moved, b => Assert.Equal(3, table.HomeOf(b)));
        Assert.All(moved, b => Assert.NotEqual(BucketTable.Unowned, table.OwnerOf(b)));
        Assert.Equal(1024, table.OwnedBy(0) + table.OwnedBy(1) + table.OwnedBy(2));
    }

    [Fact]
    public void WorkerLost_Interim_MovesOnlyItsBucketsToWhereInterimOwnerSays()
    {
        var table = AllUp(1024, 4);
        var before = table.SnapshotOwners();

        var moved = table.WorkerLost(2);

        var live = new[] { true, true, false, true };
        for (var b = 0; b < before.Length; b++)
        {
            if (before[b] == 2)
            {
                Assert.Contains(b, moved);
                Assert.Equal(InterimOwner.Pick(b, 7, live), table.OwnerOf(b));
            }
            else
            {
                Assert.Equal(before[b], table.OwnerOf(b));
            }
        }

        Assert.Equal(256, moved.Count);
    }

    [Fact]
    public void WorkerLost_Hold_ItsHomeBucketsWaitAndTheReplacementGetsThemAll()
    {
        var table = AllUp(1024, 4);

        var lost = table.WorkerLost(1, hold: true);
        Assert.Equal(256, lost.Count);
        Assert.All(lost, b => Assert.Equal(BucketTable.Unowned, table.OwnerOf(b)));
        Assert.Equal(768, table.OwnedBy(0) + table.OwnedBy(2) + table.OwnedBy(3));

        var back = table.WorkerUp(1);

        Assert.Equal(lost.OrderBy(b => b), back.OrderBy(b => b));
        Assert.All(Enumerable.Range(0, 1024), b => Assert.Equal(table.HomeOf(b), table.OwnerOf(b)));
        Assert.False(table.AnyAway());
    }

    [Fact]
    public void WorkerLost_InterimOwnerDiesWhileHomeIsLive_ItsBorrowedBucketsGoHome()
    {
        var table = AllUp(64, 4);
        table.WorkerLost(0);
        table.WorkerUp(0);
        var borrowed = Enumerable.Range(0, 64).Where(b => table.HomeOf(b) == 0 && table.OwnerOf(b) == 1).ToArray();
        Assert.NotEmpty(borrowed);

        table.WorkerLost(1);

        Assert.All(borrowed, b => Assert.Equal(0, table.OwnerOf(b)));
    }

    [Fact]
    public void WorkerLost_LastLiveWorker_LeavesBucketsUnowned()
    {
        var table = AllUp(16, 2);
        table.WorkerLost(0);

        table.WorkerLost(1);

        Assert.All(Enumerable.Range(0, 16), b => Assert.Equal(BucketTable.Unowned, table.OwnerOf(b)));
    }

    [Fact]
    public void WorkerUp_AfterAllWereDownAndNotHolding_TakesEveryUnownedBucket()
    {
        var table = AllUp(16, 2);
        table.WorkerLost(0);
        table.WorkerLost(1);

        table.WorkerUp(1);

        Assert.All(Enumerable.Range(0, 16), b => Assert.Equal(1, table.OwnerOf(b)));
    }

    [Fact]
    public void ReturnHome_ReplacementUp_ReturnsOnlyTheBucketsTheRuleAllows()
    {
        var table = AllUp(8, 2);
        table.WorkerLost(0);
        table.WorkerUp(0);

        // Buckets 0, 2, 4, 6 are worker 0's home; only 0 and 4 may return.
        var returned = table.ReturnHome(0, b => b is 0 or 4);

        Assert.Equal([0, 4], returned);
        Assert.Equal(0, table.OwnerOf(0));
        Assert.Equal(1, table.OwnerOf(2));
        Assert.Equal(0, table.OwnerOf(4));
        Assert.Equal(1, table.OwnerOf(6));
        Assert.True(table.HasAwayBuckets(0));
        Assert.True(table.AnyAway());
    }

    [Fact]
    public void ReturnHome_DeadWorker_ReturnsNothing()
    {
        var table = AllUp(8, 2);
        table.WorkerLost(0);

        Assert.Empty(table.ReturnHome(0, _ => true));
    }
}
