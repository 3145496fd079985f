namespace StickyActors.Routing;

/// <summary>
/// Which worker owns each bucket, and which worker each bucket belongs to at home. Pure state with
/// no actors, sockets or clocks: the routing actor drives it (and decides when a wait is over), tests
/// call it directly.
/// </summary>
/// <remarks>
/// Bucket b's home is worker b mod N, which spreads buckets evenly. A slot that is
/// <em>holding</em> keeps its home buckets unowned (their connections wait in the master) until its
/// worker comes up or the routing actor ends the hold: every slot holds from the start (cold start)
/// and, with <see cref="WorkerLost"/>'s <c>hold</c>, after its worker is lost. A bucket whose home
/// cannot serve it and is not held goes to its interim owner (<see cref="InterimOwner"/>); only the
/// lost worker's buckets move. A bucket at an interim owner comes home only through
/// <see cref="ReturnHome"/>, under the caller's rule.
/// </remarks>
internal sealed class BucketTable
{
    public const int Unowned = -1;

    private readonly int[] _owner;
    private readonly int[] _owned;
    private readonly bool[] _live;
    private readonly bool[] _holding;
    private readonly ulong _seed;

    public BucketTable(int buckets, int workers, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, workers);
        Workers = workers;
        _seed = seed;
        _owner = new int[buckets];
        Array.Fill(_owner, Unowned);
        _owned = new int[workers];
        _live = new bool[workers];
        _holding = new bool[workers];
        Array.Fill(_holding, true);
    }

    public int Buckets => _owner.Length;

    public int Workers { get; }

    public int OwnerOf(int bucket) => _owner[bucket];

    public int HomeOf(int bucket) => bucket % Workers;

    public bool IsLive(int worker) => _live[worker];

    /// <summary>Whether the slot's home buckets wait for its worker instead of going to interim owners.</summary>
    public bool IsHolding(int worker) => _holding[worker];

    public int OwnedBy(int worker) => _owned[worker];

    /// <summary>A copy of the owner of every bucket, for a routing snapshot.</summary>
    public int[] SnapshotOwners() => (int[])_owner.Clone();

    /// <summary>
    /// Marks <paramref name="worker"/> live and ends its hold: its home buckets that nobody owns come
    /// to it at once (its home buckets at interim owners stay there, see <see cref="ReturnHome"/>).
    /// Unowned buckets of slots that are neither live nor holding go to their interim owners.
    /// Returns the buckets that changed owner.
    /// </summary>
    public IReadOnlyList<int> WorkerUp(int worker)
    {
        _live[worker] = true;
        _holding[worker] = false;
        var moved = new List<int>();
        for (var bucket = worker; bucket < _owner.Length; bucket += Workers)
        {
            if (_owner[bucket] == Unowned)
            {
                Assign(bucket, worker);
                moved.Add(bucket);
            }
        }

        AssignOrphans(moved);
        return moved;
    }

    /// <summary>
    /// Marks <paramref name="worker"/> lost; only the buckets it owned move. Another worker's bucket it
    /// served goes home if its home is live. With <paramref name="hold"/> its own home buckets become
    /// unowned and wait for its replacement (until <see cref="EndHold"/>); every other bucket it
    /// owned, and with no hold its home buckets too, goes to its interim owner.
    /// With no live worker left they stay unowned. Returns the buckets that changed owner.
    /// </summary>
    public IReadOnlyList<int> WorkerLost(int worker, bool hold = false)
    {
        _live[worker] = false;
        _holding[worker] = hold;
        var moved = new List<int>();
        for (var bucket = 0; bucket < _owner.Length; bucket++)
        {
            if (_owner[bucket] != worker)
            {
                continue;
            }

            _owned[worker]--;
            _owner[bucket] = Unowned;
            var home = HomeOf(bucket);
            if (_live[home])
            {
                Assign(bucket, home);
            }
            else if (!(hold && home == worker))
            {
                AssignInterim(bucket);
            }

            moved.Add(bucket);
        }

        return moved;
    }

    /// <summary>
    /// Ends the hold of a slot whose worker did not come up in time: its home buckets go to their
    /// interim owners. Nothing happens if the slot is live or not holding. Returns the moved buckets.
    /// </summary>
    public IReadOnlyList<int> EndHold(int worker)
    {
        var moved = new List<int>();
        if (_live[worker] || !_holding[worker])
        {
            return moved;
        }

        _holding[worker] = false;
        AssignOrphans(moved);
        return moved;
    }

    /// <summary>
    /// Returns to live <paramref name="worker"/> those of its home buckets, now served by an interim
    /// worker, for which <paramref name="mayReturn"/> holds. Returns the buckets that came home.
    /// </summary>
    public IReadOnlyList<int> ReturnHome(int worker, Func<int, bool> mayReturn)
    {
        var moved = new List<int>();
        if (!_live[worker])
        {
            return moved;
        }

        for (var bucket = worker; bucket < _owner.Length; bucket += Workers)
        {
            var owner = _owner[bucket];
            if (owner != worker && owner != Unowned && mayReturn(bucket))
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

    /// <summary>Whether any bucket is served by a worker other than its home.</summary>
    public bool AnyAway()
    {
        for (var bucket = 0; bucket < _owner.Length; bucket++)
        {
            if (_owner[bucket] != Unowned && _owner[bucket] != HomeOf(bucket))
            {
                return true;
            }
        }

        return false;
    }

    private void AssignOrphans(List<int> moved)
    {
        for (var bucket = 0; bucket < _owner.Length; bucket++)
        {
            var home = HomeOf(bucket);
            if (_owner[bucket] == Unowned && !_live[home] && !_holding[home] && AssignInterim(bucket))
            {
                moved.Add(bucket);
            }
        }
    }

    private bool AssignInterim(int bucket)
    {
        var heir = InterimOwner.Pick(bucket, _seed, _live);
        if (heir == Unowned)
        {
            return false;
        }

        Assign(bucket, heir);
        return true;
    }

    private void Assign(int bucket, int worker)
    {
        _owner[bucket] = worker;
        _owned[worker]++;
    }
}
