using System.Runtime.InteropServices;

namespace StickyActors.Benchmarks.Interop;

internal static partial class Libc
{
    /// <summary><paramref name="limits"/> points at <c>struct rlimit</c>: soft then hard, 64 bits each.</summary>
    [LibraryImport(Name, EntryPoint = "getrlimit", SetLastError = true)]
    internal static unsafe partial int GetRLimit(int resource, ulong* limits);

    [LibraryImport(Name, EntryPoint = "setrlimit", SetLastError = true)]
    internal static unsafe partial int SetRLimit(int resource, ulong* limits);
}
