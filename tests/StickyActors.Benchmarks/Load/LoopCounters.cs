namespace StickyActors.Benchmarks.Load;

/// <summary>What one event loop counted in its window.</summary>
internal struct LoopCounters
{
    /// <summary>Responses read in full (status 200) inside the window.</summary>
    public long Completed;

    /// <summary>Failed connects, resets, early closes, non-200 answers.</summary>
    public long Errors;

    /// <summary>Paced mode: the longest a scheduled start waited for a free slot, in timestamp ticks.</summary>
    public long MaxStartLag;

    public void Add(in LoopCounters other)
    {
        Completed += other.Completed;
        Errors += other.Errors;
        MaxStartLag = Math.Max(MaxStartLag, other.MaxStartLag);
    }
}
