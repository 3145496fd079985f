using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "accept4", SetLastError = true)]
    internal static unsafe partial int Accept4(SafeHandle listener, byte* address, int* addressLength, int flags);
}
