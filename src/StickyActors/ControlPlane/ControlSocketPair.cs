using System.ComponentModel;
using System.Runtime.InteropServices;
using StickyActors.Interop;

namespace StickyActors.ControlPlane;

/// <summary>
/// A connected pair of Unix stream sockets for one worker's control plane: the master keeps one end
/// (an inbound association of its <see cref="SocketPairTransport"/>), the worker inherits the other at
/// exec. Nothing is bound to a path or a port, so no other process can connect.
/// </summary>
internal static class ControlSocketPair
{
    public static unsafe (int Master, int Worker) Create()
    {
        var fds = stackalloc int[2];
        if (Libc.SocketPair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, fds) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "socketpair(AF_UNIX, SOCK_STREAM) failed");
        }

        return (fds[0], fds[1]);
    }
}
