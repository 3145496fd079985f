using System.Runtime.InteropServices;
using EpollEvent = StickyActors.Interop.EpollEvent;

namespace StickyActors.Benchmarks.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "epoll_create1", SetLastError = true)]
    internal static partial int EpollCreate1(int flags);

    /// <summary><paramref name="epollEvent"/> points at one <c>struct epoll_event</c> (see <see cref="EpollEvent"/>).</summary>
    [LibraryImport(Name, EntryPoint = "epoll_ctl", SetLastError = true)]
    internal static unsafe partial int EpollCtl(int epfd, int op, int fd, byte* epollEvent);

    /// <summary>Waits with a nanosecond timeout (Linux 5.11+, glibc 2.35+); a null timeout waits forever.</summary>
    [LibraryImport(Name, EntryPoint = "epoll_pwait2", SetLastError = true)]
    internal static unsafe partial int EpollPWait2(int epfd, byte* events, int maxEvents, long* timespec, nint sigmask);
}
