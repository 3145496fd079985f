namespace StickyActors.Benchmarks.Interop;

/// <summary>Constants of the Linux API that the load generator and the harness use (x86-64, arm64).</summary>
internal static partial class Libc
{
    internal const string Name = "libc";

    internal const int AF_INET = 2;
    internal const int SOCK_STREAM = 1;
    internal const int SOCK_NONBLOCK = 0x800;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int IPPROTO_IP = 0;
    internal const int IPPROTO_TCP = 6;
    internal const int IP_BIND_ADDRESS_NO_PORT = 24;
    internal const int TCP_NODELAY = 1;
    internal const int SOL_SOCKET = 1;
    internal const int SO_ERROR = 4;
    internal const int MSG_NOSIGNAL = 0x4000;

    internal const int EPOLL_CLOEXEC = 0x80000;
    internal const int EPOLL_CTL_ADD = 1;
    internal const int EPOLL_CTL_DEL = 2;
    internal const uint EPOLLIN = 0x001;
    internal const uint EPOLLOUT = 0x004;
    internal const uint EPOLLERR = 0x008;
    internal const uint EPOLLHUP = 0x010;
    internal const uint EPOLLRDHUP = 0x2000;
    internal const uint EPOLLET = 1u << 31;

    internal const int RLIMIT_NOFILE = 7;
    internal const int SC_CLK_TCK = 2;
    internal const int SIGHUP = 1;
    internal const int SIGKILL = 9;
    internal const int SIGUSR1 = 10;
    internal const int SIGTERM = 15;

    internal const int ESRCH = 3;
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;
    internal const int EPIPE = 32;
    internal const int ECONNRESET = 104;
    internal const int ETIMEDOUT = 110;
    internal const int ECONNREFUSED = 111;
    internal const int EINPROGRESS = 115;
}
