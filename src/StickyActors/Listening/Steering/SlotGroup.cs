using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using StickyActors.Configuration;
using StickyActors.Interop;

namespace StickyActors.Listening.Steering;

/// <summary>
/// One listening socket per worker slot, all bound to the public address in one SO_REUSEPORT group,
/// listening in slot order so that socket index i in the group is slot i. The master keeps them all
/// for its whole life (a closed member would move the last one into its index).
/// </summary>
internal sealed class SlotGroup : IDisposable
{
    private SlotGroup(Socket[] sockets) => Sockets = sockets;

    public Socket[] Sockets { get; }

    public int Count => Sockets.Length;

    /// <summary>The endpoint every slot socket is bound to (the first one's, when port 0 was asked for).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)Sockets[0].LocalEndPoint!;

    public static SlotGroup Open(ListenSettings settings, int slots)
    {
        var sockets = new List<Socket>(slots);
        try
        {
            var port = settings.Port;
            for (var slot = 0; slot < slots; slot++)
            {
                var socket = OpenOne(settings, port);
                sockets.Add(socket);
                port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            }

            return new SlotGroup([.. sockets]);
        }
        catch
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// The slot group a previous master passed in a handover (its sockets in slot order): checked, and
    /// of exactly <paramref name="slots"/> sockets on one address, because a socket's index in the
    /// group is its slot and a group's members cannot be reordered or dropped while others hold them.
    /// </summary>
    public static SlotGroup Adopt(IReadOnlyList<int> fds, ListenSettings settings, int slots, string origin)
    {
        if (fds.Count != slots)
        {
            throw new IOException(
                $"{origin} steered connections in the kernel with {fds.Count} worker slots, but this configuration asks for {slots} workers (sticky-actors.workers.count): " +
                "under kernel steering a master handover keeps the worker count; stop and start the master to change it.");
        }

        var sockets = new List<Socket>(fds.Count);
        try
        {
            foreach (var fd in fds)
            {
                sockets.Add(SharedListener.AdoptAsIs(fd, settings, origin));
                if (!Equals(sockets[^1].LocalEndPoint, sockets[0].LocalEndPoint))
                {
                    throw new IOException($"{origin} passed slot sockets bound to different addresses ({sockets[0].LocalEndPoint}, {sockets[^1].LocalEndPoint}).");
                }
            }

            return new SlotGroup([.. sockets]);
        }
        catch
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Attaches (or replaces, atomically for new SYNs) the group's program; 0 or the errno.</summary>
    public unsafe int Attach(SockFilter[] program)
    {
        fixed (SockFilter* filter = program)
        {
            var fprog = new Libc.SockFprog { Length = (ushort)program.Length, Filter = filter };
            return Libc.SetSockOpt(Sockets[0].SafeHandle, Libc.SOL_SOCKET, Libc.SO_ATTACH_REUSEPORT_CBPF, &fprog, sizeof(Libc.SockFprog)) == 0
                ? 0
                : Marshal.GetLastPInvokeError();
        }
    }

    public void Dispose()
    {
        foreach (var socket in Sockets)
        {
            socket.Dispose();
        }
    }

    private static unsafe Socket OpenOne(ListenSettings settings, int port)
    {
        var socket = new Socket(settings.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (settings.Address.AddressFamily == AddressFamily.InterNetworkV6 && settings.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            var on = 1;
            if (Libc.SetSockOpt(socket.SafeHandle, Libc.SOL_SOCKET, Libc.SO_REUSEPORT, &on, sizeof(int)) != 0)
            {
                throw new IOException($"SO_REUSEPORT failed (errno {Marshal.GetLastPInvokeError()}).");
            }

            socket.Bind(new IPEndPoint(settings.Address, port));
            socket.Listen(settings.Backlog);
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new IOException($"Cannot listen on {settings.Address}:{port}: the address is already in use (sticky-actors.listen.port).", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
