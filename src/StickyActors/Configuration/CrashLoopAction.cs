namespace StickyActors.Configuration;

/// <summary>What the master does when a worker slot reached <c>workers.crash-loop.max-exits</c> (<c>sticky-actors.workers.crash-loop.on-limit</c>).</summary>
public enum CrashLoopAction
{
    /// <summary>
    /// The slot is not restarted any more: the status shows it as
    /// <see cref="Supervision.WorkerState.GivenUp"/> and its buckets go to the live workers. The
    /// other workers keep serving.
    /// </summary>
    GiveUpSlot,

    /// <summary>
    /// The master stops (drains the other workers, as on SIGTERM) and exits with code 69
    /// (EX_UNAVAILABLE), so a service manager sees the failure.
    /// </summary>
    StopMaster,
}
