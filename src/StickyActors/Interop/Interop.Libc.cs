namespace StickyActors.Interop;

/// <summary>Constants of the Linux socket API (x86-64 and arm64 share these values).</summary>
internal static partial class Libc
{
    internal const string Name = "libc";

    internal const int AF_UNIX = 1;
    internal const int SOCK_STREAM = 1;
    internal const int SOCK_SEQPACKET = 5;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOL_SOCKET = 1;
    internal const int SCM_RIGHTS = 1;
    internal const int SO_PEERCRED = 17;
    internal const int SO_SNDBUF = 7;
    internal const int MSG_DONTWAIT = 0x40;
    internal const int MSG_NOSIGNAL = 0x4000;
    internal const int MSG_CTRUNC = 0x8;
    internal const int MSG_CMSG_CLOEXEC = 0x40000000;
    internal const int SHUT_WR = 1;
    internal const int SHUT_RDWR = 2;
    internal const int F_GETFD = 1;
    internal const int F_SETFD = 2;
    internal const int FD_CLOEXEC = 1;
    internal const int PR_SET_PDEATHSIG = 1;

    internal const int EINTR = 4;
    internal const int EBADF = 9;
    internal const int EAGAIN = 11;
    internal const int EINVAL = 22;
    internal const int ENFILE = 23;
    internal const int EMFILE = 24;
    internal const int EPIPE = 32;
    internal const int EPROTO = 71;
    internal const int ECONNABORTED = 103;
    internal const int ECONNRESET = 104;
    internal const int ETIMEDOUT = 110;
    internal const int ECONNREFUSED = 111;
    internal const int EINPROGRESS = 115;
    internal const int ENOBUFS = 105;
    internal const int ENOMEM = 12;
}
