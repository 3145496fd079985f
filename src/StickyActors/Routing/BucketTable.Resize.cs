namespace StickyActors.Routing;

/// <summary>Adding and removing worker slots at run time (SIGTTIN / SIGTTOU).</summary>
internal sealed partial class BucketTable
{
    /// <summary>
    /// Adds slot <see cref="Workers"/>: the fewest buckets the balance needs get it as their home
    /// (<see cref="SlotHomes.Grow"/>), but no bucket changes owner now. A rehomed bucket that has an
    /// owner stays there (its owner is now its interim owner) until it comes home under the caller's
    /// rule (<see cref="ReturnHome"/>), once the new slot's worker is up; one without an owner waits
    /// for the new slot, as at a cold start (the slot is holding). Returns the rehomed buckets.
    /// </summary>
    public IReadOnlyList<int> AddSlot()
    {
        if (Workers >= Capacity || Workers >= Buckets)
        {
            throw new InvalidOperationException($"No slot can be added: {Workers} slots, at most {Math.Min(Capacity, Buckets)}.");
        }

        var slot = Workers;
        var rehomed = SlotHomes.Grow(_home, Workers);
        Workers++;
        _live[slot] = false;
        _holding[slot] = true;
        _owned[slot] = 0;
        return rehomed;
    }

    /// <summary>
    /// Removes the last slot: its home buckets get new homes among the others
    /// (<see cref="SlotHomes.Shrink"/>), and the buckets it owned move, each to its new home if that is
    /// live, else to its interim owner. No other bucket changes owner. Returns the buckets that
    /// changed owner.
    /// </summary>
    public IReadOnlyList<int> RemoveSlot()
    {
        if (Workers <= 1)
        {
            throw new InvalidOperationException("The last worker slot cannot be removed.");
        }

        var slot = Workers - 1;
        _ = SlotHomes.Shrink(_home, Workers);
        Workers--;
        var moved = new List<int>(WorkerLost(slot));
        _holding[slot] = false;

        // Its home buckets that nobody served (it was starting, given up or being replaced) go to
        // their new home if it is live, else to an interim owner unless that home is waiting too.
        for (var bucket = 0; bucket < _owner.Length; bucket++)
        {
            var home = _home[bucket];
            if (_owner[bucket] != Unowned)
            {
                continue;
            }

            if (_live[home])
            {
                Assign(bucket, home);
                moved.Add(bucket);
            }
            else if (!_holding[home] && AssignInterim(bucket))
            {
                moved.Add(bucket);
            }
        }

        return moved;
    }
}
