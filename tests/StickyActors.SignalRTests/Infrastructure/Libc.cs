using System.Runtime.InteropServices;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>kill(2), to signal the processes the tests started, by pid.</summary>
internal static partial class Libc
{
    public const int SIGKILL = 9;
    public const int SIGUSR1 = 10;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/>; false when the process is already gone.</summary>
    public static bool Kill(int pid, int signal) => KillNative(pid, signal) == 0;
}
