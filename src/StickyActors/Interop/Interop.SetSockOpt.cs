using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    internal const int SO_REUSEPORT = 15;
    internal const int SO_ATTACH_REUSEPORT_CBPF = 51;

    [LibraryImport(Name, EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(SafeHandle socket, int level, int name, void* value, int length);

    /// <summary><c>struct sock_fprog</c> on 64-bit Linux: the instruction count, then a pointer to them.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SockFprog
    {
        public ushort Length;
        public void* Filter;
    }
}
