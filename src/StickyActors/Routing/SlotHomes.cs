namespace StickyActors.Routing;

/// <summary>
/// The home slot of every bucket, and how a resize changes it: pure arithmetic on a home array, no
/// actors. A resize moves only as many homes as the balance needs, and every other bucket keeps its
/// home (so its clients keep their worker).
/// </summary>
/// <remarks>
/// With B buckets over N slots a balanced table gives every slot ⌊B/N⌋ or ⌈B/N⌉ home buckets.
/// Growing to N + 1: each old slot gives the new slot buckets until it has ⌊B/(N+1)⌋ or ⌈B/(N+1)⌉
/// (the slots with most keep the larger share), so ⌊B/(N+1)⌋ homes move, the fewest possible.
/// Shrinking to N − 1: only the last slot's buckets move, each to the remaining slot with the
/// fewest at that moment (the lowest id on a tie).
/// </remarks>
internal static class SlotHomes
{
    /// <summary>Bucket b's home is b mod <paramref name="slots"/>.</summary>
    public static int[] Initial(int buckets, int slots)
    {
        var homes = new int[buckets];
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            homes[bucket] = bucket % slots;
        }

        return homes;
    }

    /// <summary>Home buckets per slot, for slots 0 to <paramref name="slots"/> − 1.</summary>
    public static int[] Counts(IReadOnlyList<int> homes, int slots)
    {
        var counts = new int[slots];
        foreach (var home in homes)
        {
            counts[home]++;
        }

        return counts;
    }

    /// <summary>
    /// Adds slot <paramref name="slots"/> (the new one) to a table of <paramref name="slots"/>
    /// slots, in place. Returns the buckets whose home became the new slot.
    /// </summary>
    public static IReadOnlyList<int> Grow(int[] homes, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slots, homes.Length);
        var counts = Counts(homes, slots);
        var floor = homes.Length / (slots + 1);
        var larger = homes.Length % (slots + 1);

        // The slots with most home buckets keep the larger share: that moves the fewest.
        var order = Enumerable.Range(0, slots).OrderByDescending(slot => counts[slot]).ThenBy(slot => slot).ToArray();
        var giveUp = new int[slots];
        for (var rank = 0; rank < order.Length; rank++)
        {
            var slot = order[rank];
            var keep = rank < larger ? floor + 1 : floor;
            giveUp[slot] = Math.Max(0, counts[slot] - keep);
        }

        // Each slot gives up its highest-numbered home buckets.
        var moved = new List<int>();
        for (var bucket = homes.Length - 1; bucket >= 0; bucket--)
        {
            var home = homes[bucket];
            if (giveUp[home] > 0)
            {
                giveUp[home]--;
                homes[bucket] = slots;
                moved.Add(bucket);
            }
        }

        moved.Reverse();
        return moved;
    }

    /// <summary>
    /// Removes the last of <paramref name="slots"/> slots, in place: each of its home buckets goes to
    /// the remaining slot with the fewest home buckets. Returns the buckets whose home changed.
    /// </summary>
    public static IReadOnlyList<int> Shrink(int[] homes, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 2);
        var removed = slots - 1;
        var counts = Counts(homes, slots);
        var moved = new List<int>();
        for (var bucket = 0; bucket < homes.Length; bucket++)
        {
            if (homes[bucket] != removed)
            {
                continue;
            }

            var fewest = 0;
            for (var slot = 1; slot < removed; slot++)
            {
                if (counts[slot] < counts[fewest])
                {
                    fewest = slot;
                }
            }

            homes[bucket] = fewest;
            counts[fewest]++;
            moved.Add(bucket);
        }

        return moved;
    }
}
