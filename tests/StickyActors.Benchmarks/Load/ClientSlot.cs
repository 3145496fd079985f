namespace StickyActors.Benchmarks.Load;

/// <summary>One connection slot of an <see cref="EpollClientLoop"/>; its receive buffer lives in the loop's pinned array.</summary>
internal struct ClientSlot
{
    /// <summary>The socket, or -1 while the slot is free.</summary>
    public int Fd;

    /// <summary>Index of the source address the socket is bound to.</summary>
    public int Source;

    /// <summary>Whether connect(2) has completed.</summary>
    public bool Connected;

    /// <summary>Bytes of the current request already sent.</summary>
    public int Sent;

    /// <summary>Bytes of the current response received so far.</summary>
    public int Received;

    /// <summary>When <c>socket(2)</c> was called for this connection, as a Stopwatch timestamp.</summary>
    public long StartedAt;

    /// <summary>When the first response byte was read, or 0.</summary>
    public long FirstByteAt;
}
