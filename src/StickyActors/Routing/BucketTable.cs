namespace StickyActors.Routing;

/// <summary>
/// Which worker owns each bucket, and which worker each bucket belongs to at home. Pure state with
/// no actors or sockets: the routing actor drives it, tests call it directly.
/// </summary>
/// <remarks>
/// Bucket b's home is worker b mod N, which spreads buckets evenly. A worker that is lost gives up
/// only its own buckets, each to the live worker that owns fewest at that moment; nobody else's
/// bucket moves. A worker that comes back gets back its home buckets that nobody serves at once, and
/// the ones that moved to an interim worker only once they are idle (see <see cref="ReturnIdle"/>).
/// </remarks>
internal sealed class BucketTable
{
    public const int Unowned = -1;

    private readonly int[] _owner;
    private readonly int[] _owned;
    private readonly bool[] _live;

    public BucketTable(int buckets, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, workers);
        Workers = workers;
        _owner = new int[buckets];
        Array.Fill(_owner, Unowned);
        _owned = new int[workers];
        _live = new bool[workers];
    }

    public int Buckets => _owner.Length;

    public int Workers { get; }

    public int OwnerOf(int bucket) => _owner[bucket];

    public int HomeOf(int bucket) => bucket % Workers;

    public bool IsLive(int worker) => _live[worker];

    public int OwnedBy(int worker) => _owned[worker];

    /// <summary>A copy of the owner of every bucket, for a routing snapshot.</summary>
    public int[] SnapshotOwners() => (int[])_owner.Clone();

    /// <summary>
    /// Marks <paramref name="worker"/> live. Its home buckets that nobody owns come to it at once, and
    /// so does any bucket nobody owns whose home worker is still down (spread to the least loaded).
    /// Returns the buckets that changed owner.
    /// </summary>
    public IReadOnlyList<int> WorkerUp(int worker)
    {
        _live[worker] = true;
        var moved = new List<int>();
        for (var bucket = 0; bucket < _owner.Length; bucket++)
        {
            if (_owner[bucket] == Unowned && HomeOf(bucket) == worker)
            {
                Assign(bucket, worker);
                moved.Add(bucket);
            }
        }

        for (var bucket = 0; bucket < _owner.Length; bucket++)
        {
            if (_owner[bucket] == Unowned)
            {
                Assign(bucket, LeastLoadedLive());
                moved.Add(bucket);
            }
        }

        return moved;
    }

    /// <summary>
    /// Marks <paramref name="worker"/> lost and moves only the buckets it owned, each to the live
    /// worker that owns fewest. With no live worker left they stay unowned. Returns the moved buckets.
    /// </summary>
    public IReadOnlyList<int> WorkerLost(int worker)
    {
        _live[worker] = false;
        var moved = new List<int>();
        for (var bucket = 0; bucket < _owner.Length; bucket++)
        {
            if (_owner[bucket] != worker)
            {
                continue;
            }

            _owned[worker]--;
            _owner[bucket] = Unowned;
            var heir = LeastLoadedLive();
            if (heir != Unowned)
            {
                Assign(bucket, heir);
            }

            moved.Add(bucket);
        }

        return moved;
    }

    /// <summary>
    /// Returns to live <paramref name="worker"/> those of its home buckets, now served by an interim
    /// worker, for which <paramref name="isIdle"/> holds. Returns the buckets that came home.
    /// </summary>
    public IReadOnlyList<int> ReturnIdle(int worker, Func<int, bool> isIdle)
    {
        var moved = new List<int>();
        if (!_live[worker])
        {
            return moved;
        }

        for (var bucket = worker; bucket < _owner.Length; bucket += Workers)
        {
            var owner = _owner[bucket];
            if (owner != worker && owner != Unowned && isIdle(bucket))
            {
                _owned[owner]--;
                Assign(bucket, worker);
                moved.Add(bucket);
            }
        }

        return moved;
    }

    /// <summary>Whether some live worker serves a bucket whose home is <paramref name="worker"/>.</summary>
    public bool HasAwayBuckets(int worker)
    {
        for (var bucket = worker; bucket < _owner.Length; bucket += Workers)
        {
            if (_owner[bucket] != worker && _owner[bucket] != Unowned)
            {
                return true;
            }
        }

        return false;
    }

    private void Assign(int bucket, int worker)
    {
        _owner[bucket] = worker;
        _owned[worker]++;
    }

    private int LeastLoadedLive()
    {
        var best = Unowned;
        for (var worker = 0; worker < Workers; worker++)
        {
            if (_live[worker] && (best == Unowned || _owned[worker] < _owned[best]))
            {
                best = worker;
            }
        }

        return best;
    }
}
