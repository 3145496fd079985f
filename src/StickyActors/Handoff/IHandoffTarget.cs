namespace StickyActors.Handoff;

/// <summary>One worker's end of the handle channel, as the accept path sees it.</summary>
internal interface IHandoffTarget : IDisposable
{
    /// <summary>Raised once when the worker's end broke (the worker died or closed it).</summary>
    event Action? Died;

    int WorkerId { get; }

    /// <summary>False once the channel broke (the worker died) or was closed.</summary>
    bool IsAlive { get; }

    /// <summary>
    /// Hands the connection to the worker without blocking. On <see cref="HandoffResult.Dead"/> the
    /// caller still owns the connection; on every other result the target took it.
    /// </summary>
    HandoffResult TryHandOff(in AcceptedConnection connection);

    /// <summary>Stops sending; the worker gets what was sent, then end of file.</summary>
    void Seal();
}

/// <summary>What became of a connection offered to a <see cref="IHandoffTarget"/>.</summary>
internal enum HandoffResult
{
    /// <summary>The descriptor is in the worker's channel; the master's copy is closed.</summary>
    Sent,

    /// <summary>The channel is full for now; the connection waits in that worker's bounded queue.</summary>
    Queued,

    /// <summary>The queue is full too: the connection was closed and counted.</summary>
    Overflow,

    /// <summary>The worker is gone; the caller keeps the connection and routes it again.</summary>
    Dead,
}
