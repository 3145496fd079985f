using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "shutdown", SetLastError = true)]
    internal static partial int Shutdown(SafeHandle socket, int how);

    [LibraryImport(Name, EntryPoint = "shutdown", SetLastError = true)]
    internal static partial int Shutdown(int socket, int how);
}
