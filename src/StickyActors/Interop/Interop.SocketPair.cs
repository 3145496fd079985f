using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "socketpair", SetLastError = true)]
    internal static unsafe partial int SocketPair(int domain, int type, int protocol, int* fds);
}
