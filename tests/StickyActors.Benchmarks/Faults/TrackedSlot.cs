namespace StickyActors.Benchmarks.Faults;

/// <summary>One connection of the tracked load; its receive buffer lives in the loop's pinned array.</summary>
internal struct TrackedSlot
{
    /// <summary>The socket, or -1 while the slot is free.</summary>
    public int Fd;

    /// <summary>Index of the source address the socket is bound to.</summary>
    public int Source;

    /// <summary>Whether connect(2) has completed.</summary>
    public bool Connected;

    /// <summary>Bytes of the request already sent.</summary>
    public int Sent;

    /// <summary>Bytes of the response received so far.</summary>
    public int Received;

    /// <summary>When socket(2) was called, as a Stopwatch timestamp.</summary>
    public long StartedAt;
}
