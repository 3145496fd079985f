using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    internal const int SO_REUSEPORT = 15;
    internal const int SO_ATTACH_REUSEPORT_CBPF = 51;
    internal const int SO_KEEPALIVE = 9;
    internal const int SO_LINGER = 13;
    internal const int IPPROTO_TCP = 6;
    internal const int TCP_NODELAY = 1;

    [LibraryImport(Name, EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(SafeHandle socket, int level, int name, void* value, int length);

    [LibraryImport(Name, EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(int socket, int level, int name, void* value, int length);

    /// <summary><c>struct sock_fprog</c> on 64-bit Linux: the instruction count, then a pointer to them.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SockFprog
    {
        public ushort Length;
        public void* Filter;
    }

    /// <summary><c>struct linger</c>: {1, 0} makes close(2) send a RST instead of a FIN.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Linger
    {
        public int OnOff;
        public int Seconds;
    }
}
