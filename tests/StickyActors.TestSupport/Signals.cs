using System.Runtime.InteropServices;

namespace StickyActors.TestSupport;

/// <summary>kill(2) and pidfd signalling (named apart from the product's <c>Libc</c>, which tests also use), to signal the processes the tests started, by pid.</summary>
public static partial class Signals
{
    /// <summary>Hang-up: the StickyActors master starts a rolling restart.</summary>
    public const int SIGHUP = 1;

    /// <summary>Kill, which cannot be caught.</summary>
    public const int SIGKILL = 9;

    /// <summary>User signal 1: the samples print their status line.</summary>
    public const int SIGUSR1 = 10;

    /// <summary>User signal 2: the StickyActors master hands its listening socket over to a new master.</summary>
    public const int SIGUSR2 = 12;

    /// <summary>Terminate: a graceful stop.</summary>
    public const int SIGTERM = 15;

    /// <summary>Continue a stopped process.</summary>
    public const int SIGCONT = 18;

    /// <summary>Stop (pause), which cannot be caught: the process is alive but answers nothing.</summary>
    public const int SIGSTOP = 19;

    // The same numbers on x86-64 and arm64 (syscalls added after the tables were unified).
    private const long SysPidfdSendSignal = 424;
    private const long SysPidfdOpen = 434;

    /// <summary>Sends <paramref name="signal"/>; false when the process is already gone.</summary>
    public static bool Kill(int pid, int signal) => KillNative(pid, signal) == 0;

    /// <summary>
    /// Sends <paramref name="signal"/> to <paramref name="pid"/> only if <paramref name="isStillOurs"/>
    /// holds for it while it is pinned by a pidfd: a pid reused between the check and the signal cannot
    /// be hit. False when the process is gone or is not ours.
    /// </summary>
    public static bool KillIf(int pid, int signal, Func<bool> isStillOurs)
    {
        ArgumentNullException.ThrowIfNull(isStillOurs);
        var pidfd = (int)Syscall(SysPidfdOpen, pid, 0, 0, 0);
        if (pidfd < 0)
        {
            return false;
        }

        try
        {
            return isStillOurs() && Syscall(SysPidfdSendSignal, pidfd, signal, 0, 0) == 0;
        }
        finally
        {
            _ = Close(pidfd);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a, long b, long c, long d);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
