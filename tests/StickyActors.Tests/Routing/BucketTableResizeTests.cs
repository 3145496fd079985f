using StickyActors.Handoff;
using StickyActors.Routing;
using StickyActors.Tests.Handoff;

namespace StickyActors.Tests.Routing;

/// <summary>
/// Adding and removing worker slots: expectations from first principles. With B buckets over S
/// slots, balanced means every slot is home to ⌊B/S⌋ or ⌈B/S⌉ buckets. Growing N → N+1 from a
/// balanced table, the new slot must end with at least ⌊B/(N+1)⌋ homes and each of them is a moved
/// bucket, so ⌊B/(N+1)⌋ is the least that can move; shrinking N → N−1, every home bucket of the
/// removed slot must move and nothing else has to.
/// </summary>
public sealed class BucketTableResizeTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (var buckets in new[] { 7, 64, 100, 1000, 1024 })
        {
            foreach (var workers in new[] { 1, 2, 3, 4, 5, 7, 8 })
            {
                if (workers + 1 <= buckets)
                {
                    data.Add(buckets, workers);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddSlot_FromTheStartTable_MovesTheFewestHomesAndStaysBalanced(int buckets, int workers)
    {
        var table = AllUp(buckets, workers, capacity: workers + 1);
        var homesBefore = Homes(table);
        var ownersBefore = table.SnapshotOwners();

        var rehomed = table.AddSlot();

        Assert.Equal(workers + 1, table.Workers);
        Assert.Equal(buckets / (workers + 1), rehomed.Count);
        AssertOnlyTheseChangedHome(table, homesBefore, rehomed, expectedNewHome: workers);
        AssertBalanced(table);

        // Nothing is moved while the new slot has no worker: its clients keep their worker for now.
        Assert.Equal(ownersBefore, table.SnapshotOwners());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddSlot_WorkerUpThenReturnHome_OnlyTheRehomedBucketsChangeOwner(int buckets, int workers)
    {
        var table = AllUp(buckets, workers, capacity: workers + 1);
        var ownersBefore = table.SnapshotOwners();
        var rehomed = table.AddSlot();

        Assert.Empty(table.WorkerUp(workers));
        var returned = table.ReturnHome(workers, _ => true);

        Assert.Equal(rehomed.OrderBy(b => b), returned.OrderBy(b => b));
        var owners = table.SnapshotOwners();
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            Assert.Equal(rehomed.Contains(bucket) ? workers : ownersBefore[bucket], owners[bucket]);
        }

        Assert.False(table.AnyAway());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RemoveSlot_AllLive_MovesOnlyTheLastSlotsBucketsAndStaysBalanced(int buckets, int workers)
    {
        if (workers < 2)
        {
            Assert.Throws<InvalidOperationException>(() => AllUp(buckets, workers, capacity: workers).RemoveSlot());
            return;
        }

        var table = AllUp(buckets, workers, capacity: workers);
        var homesBefore = Homes(table);
        var ownersBefore = table.SnapshotOwners();
        var removedHomes = Enumerable.Range(0, buckets).Where(b => homesBefore[b] == workers - 1).ToArray();

        var moved = table.RemoveSlot();

        Assert.Equal(workers - 1, table.Workers);
        Assert.Equal(removedHomes, moved.OrderBy(b => b));
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            if (homesBefore[bucket] == workers - 1)
            {
                Assert.InRange(table.HomeOf(bucket), 0, workers - 2);
                Assert.Equal(table.HomeOf(bucket), table.OwnerOf(bucket));
            }
            else
            {
                Assert.Equal(homesBefore[bucket], table.HomeOf(bucket));
                Assert.Equal(ownersBefore[bucket], table.OwnerOf(bucket));
            }
        }

        AssertBalanced(table);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(100)]
    [InlineData(13)]
    public void AddThenRemove_ChainOfResizes_EveryStepMinimalAndBalanced(int buckets)
    {
        var table = AllUp(buckets, 1, capacity: 9);
        for (var slots = 1; slots < 9; slots++)
        {
            var homesBefore = Homes(table);
            var rehomed = table.AddSlot();
            table.WorkerUp(slots);
            table.ReturnHome(slots, _ => true);
            Assert.Equal(buckets / (slots + 1), rehomed.Count);
            AssertOnlyTheseChangedHome(table, homesBefore, rehomed, expectedNewHome: slots);
            AssertBalanced(table);
        }

        for (var slots = 9; slots > 1; slots--)
        {
            var homesBefore = Homes(table);
            var leaving = Enumerable.Range(0, buckets).Count(b => homesBefore[b] == slots - 1);
            var moved = table.RemoveSlot();
            Assert.Equal(leaving, moved.Count);
            Assert.Equal(leaving, Enumerable.Range(0, buckets).Count(b => table.HomeOf(b) != homesBefore[b]));
            AssertBalanced(table);
            Assert.False(table.AnyAway());
        }
    }

    [Fact]
    public void AddSlot_AtCapacity_Throws()
    {
        var table = AllUp(64, 2, capacity: 2);

        Assert.Throws<InvalidOperationException>(() => table.AddSlot());
    }

    [Fact]
    public void RemoveSlot_WhileAnotherSlotWaitsForItsReplacement_MovedBucketsGoToLiveOwnersOnly()
    {
        var table = AllUp(64, 4, capacity: 4);
        table.WorkerLost(1, hold: true);

        var moved = table.RemoveSlot();

        Assert.All(moved, b => Assert.True(table.IsLive(table.OwnerOf(b)) || table.OwnerOf(b) == BucketTable.Unowned));
        Assert.All(Enumerable.Range(0, 64).Where(b => table.HomeOf(b) == 1), b => Assert.NotEqual(3, table.OwnerOf(b)));
        AssertBalanced(table);
    }

    [Fact]
    public void Snapshot_AfterAddSlot_RoutesRehomedBucketsToTheirOldOwnerUntilTheyComeHome()
    {
        var table = AllUp(64, 2, capacity: 3);
        var rehomed = table.AddSlot();
        var targets = Enumerable.Range(0, 3).Select(w => (IHandoffTarget?)new FakeHandoffTarget(w)).ToArray();
        targets[2] = null;
        var snapshot = new RoutingSnapshot(table.SnapshotOwners(), targets, 7, 1, holdOnLoss: true, homes: table.SnapshotHomes());

        Assert.All(rehomed, b => Assert.Equal(b % 2, snapshot.TargetFor(b)!.WorkerId));
        Assert.Equal(rehomed.Count, snapshot.Ownership().AwayFromHome(2));
    }

    private static BucketTable AllUp(int buckets, int workers, int capacity)
    {
        var table = new BucketTable(buckets, workers, seed: 7, capacity);
        for (var w = 0; w < workers; w++)
        {
            table.WorkerUp(w);
        }

        return table;
    }

    private static int[] Homes(BucketTable table) => Enumerable.Range(0, table.Buckets).Select(table.HomeOf).ToArray();

    private static void AssertOnlyTheseChangedHome(BucketTable table, int[] homesBefore, IReadOnlyList<int> rehomed, int expectedNewHome)
    {
        var changed = Enumerable.Range(0, table.Buckets).Where(b => table.HomeOf(b) != homesBefore[b]).ToArray();
        Assert.Equal(changed, rehomed.OrderBy(b => b));
        Assert.All(changed, b => Assert.Equal(expectedNewHome, table.HomeOf(b)));
    }

    private static void AssertBalanced(BucketTable table)
    {
        var low = table.Buckets / table.Workers;
        var high = (table.Buckets + table.Workers - 1) / table.Workers;
        for (var slot = 0; slot < table.Workers; slot++)
        {
            var homes = Enumerable.Range(0, table.Buckets).Count(b => table.HomeOf(b) == slot);
            Assert.InRange(homes, low, high);
        }
    }
}
