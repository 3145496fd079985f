namespace StickyActors.Supervision;

/// <summary>The worker's process exited with this code.</summary>
internal sealed record ProcessExited(int ExitCode);

/// <summary>The worker did not register within the startup timeout.</summary>
internal sealed record StartupTimedOut
{
    public static StartupTimedOut Instance { get; } = new();
}

/// <summary>The worker's handle channel broke.</summary>
internal sealed record ChannelBroken
{
    public static ChannelBroken Instance { get; } = new();
}

/// <summary>Master → worker actor: drain your process; answer <see cref="WorkerDrained"/> once it exited.</summary>
internal sealed record Drain(TimeSpan Deadline);

/// <summary>The drained worker's process has exited.</summary>
internal sealed record WorkerDrained(int WorkerId, int ExitCode);

/// <summary>Worker actor → master: a lifecycle event, for status and logs.</summary>
internal sealed record WorkerLifecycleEvent(int WorkerId, int Generation, int Pid, WorkerState State, int? ExitCode, string? Detail);

/// <summary>A worker actor ignored a control-plane message that did not come from its worker (counted in the status).</summary>
internal sealed record IgnoredControlMessage
{
    public static IgnoredControlMessage Instance { get; } = new();
}

/// <summary>
/// A slot's backoff supervisor → master: the slot crash-looped up to <c>workers.crash-loop.max-exits</c>
/// (<paramref name="Exits"/> exits in a row over <paramref name="Since"/>); its worker actor was stopped
/// and is not restarted. Counts only from the slot's current supervisor.
/// </summary>
internal sealed record WorkerSlotGivenUp(int WorkerId, int Exits, TimeSpan Since, string Reason);

/// <summary>
/// Worker actor → master: the running totals its worker process reported on its last
/// <see cref="ControlPlane.Pong"/>: control-plane messages it ignored (shown beside the master's own
/// count) and connections it accepted itself from its slot socket under kernel steering.
/// </summary>
internal sealed record WorkerReportedCounts(int WorkerId, int Generation, long IgnoredMessages, long SteeredAccepted);
