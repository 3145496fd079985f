using System.Net.Sockets;
using StickyActors.Interop;

namespace StickyActors.Diagnostics;

/// <summary>Who is at the other end of a connected Unix socket, as the kernel says (SO_PEERCRED).</summary>
internal static class PeerCredentials
{
    public static unsafe Libc.UCred? Of(Socket socket)
    {
        Libc.UCred credentials;
        var length = sizeof(Libc.UCred);
        return Libc.GetSockOpt((int)socket.Handle, Libc.SOL_SOCKET, Libc.SO_PEERCRED, &credentials, &length) == 0 ? credentials : null;
    }

    /// <summary>Whether the peer runs as this process's user.</summary>
    public static bool IsSameUser(Socket socket) => Of(socket) is { } peer && peer.Uid == Libc.GetUid();
}
