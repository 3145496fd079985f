namespace StickyActors.TestSupport;

/// <summary>
/// A process a test started (or its cluster started), remembered by pid and start time, so that a
/// later kill reaches it and never a stranger that was given the same pid after it exited.
/// </summary>
/// <param name="Pid">The process id.</param>
/// <param name="StartTicks">Its start time in clock ticks since boot (/proc/PID/stat field 22).</param>
public readonly record struct OwnedProcess(int Pid, long StartTicks)
{
    /// <summary>The process running as <paramref name="pid"/> now; null when there is none.</summary>
    public static OwnedProcess? Capture(int pid) =>
        ProcFs.StartTicks(pid) is { } ticks ? new OwnedProcess(pid, ticks) : null;

    /// <summary>True while this very process (same pid, same start time) exists and has not exited.</summary>
    public bool IsAlive => IsThisProcess() && ProcFs.IsAlive(Pid);

    /// <summary>Sends <paramref name="signal"/> if the pid still belongs to this process; false otherwise.</summary>
    public bool Signal(int signal)
    {
        var self = this;
        return Signals.KillIf(Pid, signal, self.IsThisProcess);
    }

    /// <summary>SIGKILL if the pid still belongs to this process.</summary>
    public bool Kill() => Signal(Signals.SIGKILL);

    private bool IsThisProcess() => ProcFs.StartTicks(Pid) == StartTicks;
}
