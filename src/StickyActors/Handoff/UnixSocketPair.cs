using System.ComponentModel;
using System.Runtime.InteropServices;
using StickyActors.Interop;

namespace StickyActors.Handoff;

/// <summary>
/// A connected pair of Unix SOCK_SEQPACKET sockets: the master keeps one end, the worker inherits the
/// other at exec. Nothing is bound to a path, so no other process can connect and no socket file is
/// ever left behind.
/// </summary>
internal static class UnixSocketPair
{
    public static unsafe (int Master, int Worker) Create()
    {
        EnsureSupported();
        var fds = stackalloc int[2];
        if (Libc.SocketPair(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0, fds) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "socketpair(AF_UNIX, SOCK_SEQPACKET) failed");
        }

        return (fds[0], fds[1]);
    }

    /// <summary>Lets <paramref name="fd"/> survive exec, so the next child started inherits it.</summary>
    public static void Inheritable(int fd, bool inheritable)
    {
        var flags = Libc.Fcntl(fd, Libc.F_GETFD, 0);
        if (flags < 0 || Libc.Fcntl(fd, Libc.F_SETFD, inheritable ? flags & ~Libc.FD_CLOEXEC : flags | Libc.FD_CLOEXEC) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "fcntl(F_SETFD) failed");
        }
    }

    public static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8)
        {
            throw new PlatformNotSupportedException(
                "StickyActors hands sockets to workers with SCM_RIGHTS and needs 64-bit Linux; this platform is not supported yet.");
        }
    }
}
