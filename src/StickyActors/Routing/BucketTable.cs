namespace StickyActors.Routing;

/// <summary>
/// Which worker owns each bucket, and which worker each bucket belongs to at home. Pure state with
/// no actors, sockets or clocks: the routing actor drives it (and decides when a wait is over), tests
/// call it directly.
/// </summary>
/// <remarks>
/// Bucket b's home starts as worker b mod N, which spreads buckets evenly; a resize
/// (<see cref="AddSlot"/>, <see cref="RemoveSlot"/>) changes the home of as few buckets as the
/// balance needs (<see cref="SlotHomes"/>). A slot that is
/// <em>holding</em> keeps its home buckets unowned (their connections wait in the master) until its
/// worker comes up or the routing actor ends the hold: every slot holds from the start (cold start)
/// and, with <see cref="WorkerLost"/>'s <c>hold</c>, after its worker is lost. A bucket whose home
/// cannot serve it and is not held goes to its interim owner (<see cref="InterimOwner"/>); only the
/// lost worker's buckets move. A bucket at an interim owner comes home only through
/// <see cref="ReturnHome"/>, under the caller's rule.
/// </remarks>
internal sealed partial class BucketTable
{
    public const int Unowned = -1;

    private readonly int[] _owner;
    private readonly int[] _home;
    private readonly int[] _owned;
    private readonly bool[] _live;
    private readonly bool[] _holding;
    private readonly ulong _seed;

    /// <param name="buckets">Buckets in the table.</param>
    /// <param name="workers">Worker slots at start.</param>
    /// <param name="seed">Seed of the interim-owner rule.</param>
    /// <param name="capacity">The most slots a resize may reach; 0 means <paramref name="workers"/>.</param>
    public BucketTable(int buckets, int workers, ulong seed = 0, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, workers);
        capacity = Math.Max(capacity, workers);
        Workers = workers;
        _seed = seed;
        _owner = new int[buckets];
        Array.Fill(_owner, Unowned);
        _home = SlotHomes.Initial(buckets, workers);
        _owned = new int[capacity];
        _live = new bool[capacity];
        _holding = new bool[capacity];
        Array.Fill(_holding, true, 0, workers);
    }

    public int Buckets => _owner.Length;

    /// <summary>Worker slots now (ids 0 to <c>Workers</c> − 1).</summary>
    public int Workers { get; private set; }

    /// <summary>The most slots the table can grow to.</summary>
    public int Capacity => _live.Length;

    public int OwnerOf(int bucket) => _owner[bucket];

    public int HomeOf(int bucket) => _home[bucket];

    /// <summary>A copy of every bucket's home slot, for a routing snapshot.</summary>
    public int[] SnapshotHomes() => (int[])_home.Clone();

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
        for (var bucket = 0; bucket < _owner.Length; bucket++)
        {
            if (_home[bucket] == worker && _owner[bucket] == Unowned)
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

        for (var bucket = 0; bucket < _owner.Length; bucket++)
        {
            var owner = _owner[bucket];
            if (_home[bucket] == worker && owner != worker && owner != Unowned && mayReturn(bucket))
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
        for (var bucket = 0; bucket < _owner.Length; bucket++)
        {
            if (_home[bucket] == worker && _owner[bucket] != worker && _owner[bucket] != Unowned)
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
