namespace StickyActors.Routing;

/// <summary>
/// Per worker: the buckets it owns, how many of them are other workers' home buckets it serves in
/// their place, and how many of its own home buckets it does not serve (at an interim owner, or
/// waiting for it). Pure, from a table's owners; for status, the meter and the workers.
/// </summary>
internal sealed class BucketOwnership
{
    private readonly int[] _owned;
    private readonly int[] _heldForOthers;
    private readonly int[] _awayFromHome;

    private BucketOwnership(int workers)
    {
        _owned = new int[workers];
        _heldForOthers = new int[workers];
        _awayFromHome = new int[workers];
    }

    public int Workers => _owned.Length;

    public static BucketOwnership Of(IReadOnlyList<int> owners, int workers, IReadOnlyList<int>? homes = null)
    {
        var view = new BucketOwnership(workers);
        for (var bucket = 0; bucket < owners.Count; bucket++)
        {
            var home = homes?[bucket] ?? bucket % workers;
            var owner = owners[bucket];
            if (owner >= 0)
            {
                view._owned[owner]++;
            }

            if (owner != home)
            {
                view._awayFromHome[home]++;
                if (owner >= 0)
                {
                    view._heldForOthers[owner]++;
                }
            }
        }

        return view;
    }

    /// <summary>Buckets <paramref name="worker"/> serves now.</summary>
    public int Owned(int worker) => _owned[worker];

    /// <summary>Buckets <paramref name="worker"/> serves whose home is another worker.</summary>
    public int HeldForOthers(int worker) => _heldForOthers[worker];

    /// <summary><paramref name="worker"/>'s home buckets that it does not serve now.</summary>
    public int AwayFromHome(int worker) => _awayFromHome[worker];

    /// <summary>The buckets <paramref name="worker"/> owns in <paramref name="owners"/>, in order.</summary>
    public static int[] BucketsOf(IReadOnlyList<int> owners, int worker)
    {
        var buckets = new List<int>();
        for (var bucket = 0; bucket < owners.Count; bucket++)
        {
            if (owners[bucket] == worker)
            {
                buckets.Add(bucket);
            }
        }

        return buckets.ToArray();
    }
}
