using System.Runtime.InteropServices;

namespace StickyActors.IntegrationTests;

/// <summary>Reads and sets another process's open-file limit (prlimit(2)).</summary>
internal static partial class ResourceLimits
{
    private const int RlimitNofile = 7;

    public static unsafe (ulong Soft, ulong Hard) OpenFiles(int pid)
    {
        var limit = stackalloc ulong[2];
        if (Prlimit(pid, RlimitNofile, null, limit) != 0)
        {
            throw new InvalidOperationException($"prlimit failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (limit[0], limit[1]);
    }

    public static unsafe void SetOpenFiles(int pid, ulong soft, ulong hard)
    {
        var limit = stackalloc ulong[2];
        limit[0] = soft;
        limit[1] = hard;
        if (Prlimit(pid, RlimitNofile, limit, null) != 0)
        {
            throw new InvalidOperationException($"prlimit failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public static int OpenDescriptors(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    /// <summary>The highest descriptor number the process uses.</summary>
    public static int HighestDescriptor(int pid) =>
        Directory.GetFiles($"/proc/{pid}/fd").Max(f => int.Parse(Path.GetFileName(f), System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The lowest descriptor number the process does not use: a limit of this leaves it none to open.</summary>
    public static int LowestFreeDescriptor(int pid)
    {
        var used = Directory.GetFiles($"/proc/{pid}/fd").Select(f => int.Parse(Path.GetFileName(f), System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var free = 0;
        while (used.Contains(free))
        {
            free++;
        }

        return free;
    }

    [LibraryImport("libc", EntryPoint = "prlimit", SetLastError = true)]
    private static unsafe partial int Prlimit(int pid, int resource, ulong* newLimit, ulong* oldLimit);
}
