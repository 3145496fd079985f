using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    /// <summary>Level of IPv4 socket options.</summary>
    internal const int IPPROTO_IP = 0;

    /// <summary>Bind an address now, its port only at connect(2): a source address without using up ports.</summary>
    internal const int IP_BIND_ADDRESS_NO_PORT = 24;

    /// <summary><paramref name="address"/> points at a <c>sockaddr_in</c> or <c>sockaddr_in6</c>.</summary>
    [LibraryImport(Name, EntryPoint = "bind", SetLastError = true)]
    internal static unsafe partial int Bind(int fd, byte* address, int addressLength);
}
