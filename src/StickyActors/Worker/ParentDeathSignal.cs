using StickyActors.Interop;

namespace StickyActors.Worker;

/// <summary>
/// Makes the kernel SIGKILL this worker the moment its master dies (PR_SET_PDEATHSIG), instead of
/// the worker noticing a lost control plane seconds later. The setting belongs to the thread that
/// makes it and is lost when that thread exits, so it is made on a thread that lives as long as the
/// process. If the master died before the setting took effect, the worker exits at once.
/// </summary>
internal static class ParentDeathSignal
{
    public const int MasterGoneExitCode = 3;

    private const int SIGKILL = 9;

    public static void Arm(int masterPid)
    {
        using var armed = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            _ = Libc.Prctl(Libc.PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
            armed.Set();
            Thread.Sleep(Timeout.Infinite);
        })
        {
            IsBackground = true,
            Name = "sticky-parent-death-signal",
        };
        thread.Start();
        armed.Wait();

        // A master that died before prctl took effect gave its children to another process: too late
        // for the signal, so go now. (A worker started through a wrapper has the wrapper as its
        // parent; then the master itself must still exist.)
        var parent = Libc.GetParentPid();
        if (parent != masterPid && Libc.Kill(masterPid, 0) != 0)
        {
            Environment.Exit(MasterGoneExitCode);
        }
    }
}
