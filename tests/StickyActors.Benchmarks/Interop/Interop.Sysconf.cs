using System.Runtime.InteropServices;

namespace StickyActors.Benchmarks.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "sysconf", SetLastError = true)]
    internal static partial long Sysconf(int name);
}
