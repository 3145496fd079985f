using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    internal const int SIGTERM = 15;

    [LibraryImport(Name, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
