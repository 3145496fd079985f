using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    /// <summary>Adds <paramref name="value"/> to an eventfd's counter (glibc and musl wrap write(2) of 8 bytes).</summary>
    [LibraryImport(Name, EntryPoint = "eventfd_write", SetLastError = true)]
    internal static partial int EventFdWrite(int fd, ulong value);
}
