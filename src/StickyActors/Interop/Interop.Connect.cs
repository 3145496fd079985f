using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    /// <summary><paramref name="address"/> points at a <c>sockaddr_in</c> or <c>sockaddr_in6</c>; a non-blocking socket answers EINPROGRESS.</summary>
    [LibraryImport(Name, EntryPoint = "connect", SetLastError = true)]
    internal static unsafe partial int Connect(int fd, byte* address, int addressLength);
}
