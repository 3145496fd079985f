using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "sendmsg", SetLastError = true)]
    internal static unsafe partial nint SendMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Name, EntryPoint = "recvmsg", SetLastError = true)]
    internal static unsafe partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    /// <summary><c>struct msghdr</c> on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary><c>struct cmsghdr</c> on 64-bit Linux; the data follows, aligned to 8 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct CMsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    internal static int CMsgAlign(int length) => (length + 7) & ~7;

    internal static unsafe int CMsgSpace(int dataLength) => sizeof(CMsgHdr) + CMsgAlign(dataLength);

    internal static unsafe int CMsgLen(int dataLength) => sizeof(CMsgHdr) + dataLength;
}
