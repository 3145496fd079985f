using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "prctl", SetLastError = true)]
    internal static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(Name, EntryPoint = "getppid")]
    internal static partial int GetParentPid();
}
