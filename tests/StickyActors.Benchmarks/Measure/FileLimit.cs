using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Interop;

namespace StickyActors.Benchmarks.Measure;

/// <summary>
/// Raises this process's RLIMIT_NOFILE (the servers it starts inherit it), like <c>ulimit -n</c>.
/// Raising the hard limit needs root or CAP_SYS_RESOURCE; otherwise the soft limit goes up to the hard one.
/// </summary>
internal static unsafe class FileLimit
{
    public static ulong Current
    {
        get
        {
            var limits = stackalloc ulong[2];
            return Libc.GetRLimit(Libc.RLIMIT_NOFILE, limits) == 0 ? limits[0] : 0;
        }
    }

    /// <summary>Raises the soft limit to at least <paramref name="wanted"/> if it can; returns the limit in force.</summary>
    public static ulong RaiseTo(ulong wanted)
    {
        var limits = stackalloc ulong[2];
        if (Libc.GetRLimit(Libc.RLIMIT_NOFILE, limits) != 0 || limits[0] >= wanted)
        {
            return limits[0];
        }

        var hard = limits[1];
        limits[0] = wanted;
        limits[1] = Math.Max(hard, wanted);
        if (Libc.SetRLimit(Libc.RLIMIT_NOFILE, limits) != 0)
        {
            _ = Marshal.GetLastPInvokeError();
            limits[0] = hard;
            limits[1] = hard;
            Libc.SetRLimit(Libc.RLIMIT_NOFILE, limits);
        }

        return Current;
    }
}
