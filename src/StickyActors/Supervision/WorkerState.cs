namespace StickyActors.Supervision;

/// <summary>Where a worker is in its life.</summary>
public enum WorkerState
{
    /// <summary>Launched, not yet registered with the master.</summary>
    Starting,

    /// <summary>Registered; receives connections.</summary>
    Running,

    /// <summary>Finishing in-flight work; receives no new connections.</summary>
    Draining,

    /// <summary>Exited; waiting out the restart backoff before a replacement starts.</summary>
    Restarting,

    /// <summary>Stopped for good (the master is shutting down).</summary>
    Stopped,

    /// <summary>
    /// Not restarted any more: the slot crash-looped up to <c>workers.crash-loop.max-exits</c>. Its
    /// buckets are served by the live workers; <see cref="WorkerStatus.LastError"/> tells why.
    /// </summary>
    GivenUp,
}
