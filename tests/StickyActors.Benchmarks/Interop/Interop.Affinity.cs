using System.Runtime.InteropServices;

namespace StickyActors.Benchmarks.Interop;

internal static partial class Libc
{
    /// <summary>sched_setaffinity(2) on one thread (<paramref name="tid"/>), with a mask of the first 64 CPUs.</summary>
    [LibraryImport(Name, EntryPoint = "sched_setaffinity", SetLastError = true)]
    internal static partial int SchedSetAffinity(int tid, nint size, in ulong mask);
}
