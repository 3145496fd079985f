using StickyActors.Routing;

namespace StickyActors.Tests.Routing;

public sealed class BucketTableTests
{
    private static BucketTable AllUp(int buckets, int workers)
    {
        var table = new BucketTable(buckets, workers);
        for (var w = 0; w < workers; w++)
        {
            table.WorkerUp(w);
            table.ReturnIdle(w, _ => true);
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
    public void WorkerLost_OneOfFour_MovesOnlyItsBuckets()
    {
        var table = AllUp(1024, 4);
        var before = table.SnapshotOwners();

        var moved = table.WorkerLost(2);

        var after = table.SnapshotOwners();
        for (var b = 0; b < before.Length; b++)
        {
            if (before[b] == 2)
            {
                Assert.Contains(b, moved);
                Assert.NotEqual(2, after[b]);
            }
            else
            {
                Assert.Equal(before[b], after[b]);
            }
        }

        Assert.Equal(256, moved.Count);
    }

    [Fact]
    public void WorkerLost_OneOfFour_SpreadsItsBucketsEvenlyOverTheLive()
    {
        var table = AllUp(1024, 4);

        table.WorkerLost(1);

        var loads = new[] { table.OwnedBy(0), table.OwnedBy(2), table.OwnedBy(3) };
        Assert.Equal(1024, loads.Sum());
        Assert.True(loads.Max() - loads.Min() <= 1, $"uneven: {string.Join(",", loads)}");
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
    public void WorkerUp_AfterAllWereDown_TakesEveryUnownedBucket()
    {
        var table = AllUp(16, 2);
        table.WorkerLost(0);
        table.WorkerLost(1);

        table.WorkerUp(1);

        Assert.All(Enumerable.Range(0, 16), b => Assert.Equal(1, table.OwnerOf(b)));
    }

    [Fact]
    public void ReturnIdle_ReplacementUp_ReturnsOnlyIdleHomeBuckets()
    {
        var table = AllUp(8, 2);
        table.WorkerLost(0);
        table.WorkerUp(0);

        // Buckets 0, 2, 4, 6 are worker 0's home; only 0 and 4 are idle.
        var returned = table.ReturnIdle(0, b => b is 0 or 4);

        Assert.Equal([0, 4], returned);
        Assert.Equal(0, table.OwnerOf(0));
        Assert.Equal(1, table.OwnerOf(2));
        Assert.Equal(0, table.OwnerOf(4));
        Assert.Equal(1, table.OwnerOf(6));
        Assert.True(table.HasAwayBuckets(0));
    }

    [Fact]
    public void ReturnIdle_DeadWorker_ReturnsNothing()
    {
        var table = AllUp(8, 2);
        table.WorkerLost(0);

        Assert.Empty(table.ReturnIdle(0, _ => true));
    }
}
