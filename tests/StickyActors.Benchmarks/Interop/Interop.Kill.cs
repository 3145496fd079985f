using System.Runtime.InteropServices;

namespace StickyActors.Benchmarks.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
