using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    /// <summary>Reads and resets an eventfd's counter (glibc and musl wrap read(2) of 8 bytes).</summary>
    [LibraryImport(Name, EntryPoint = "eventfd_read", SetLastError = true)]
    internal static partial int EventFdRead(int fd, out ulong value);
}
