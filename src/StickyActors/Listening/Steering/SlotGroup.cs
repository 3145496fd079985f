using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using StickyActors.Configuration;
using StickyActors.Interop;

namespace StickyActors.Listening.Steering;

/// <summary>
/// One listening socket per worker slot, all bound to the public address in one SO_REUSEPORT group,
/// listening in slot order so that socket index i in the group is slot i. The group grows by one
/// socket when a slot is added beyond it (a new member joins at the end, so the others keep their
/// index) and never shrinks: a closed member would move the last one into its index, so a removed
/// slot's socket stays open, parked (the program sends it nothing, the master accepts what was left
/// in its queue), and is used again when the slot comes back. The master keeps them all for its life.
/// </summary>
internal sealed class SlotGroup : IDisposable
{
    private readonly Socket?[] _sockets;
    private readonly ListenSettings _settings;
    private int _count;

    private SlotGroup(List<Socket> sockets, ListenSettings settings, int capacity)
    {
        _sockets = new Socket?[Math.Max(capacity, sockets.Count)];
        sockets.CopyTo(_sockets!);
        _count = sockets.Count;
        _settings = settings;
    }

    /// <summary>Sockets in the group (live slots and parked ones).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The most sockets the group may reach (<c>workers.max-count</c>, or what a previous master passed).</summary>
    public int Capacity => _sockets.Length;

    /// <summary>The group's first socket: the master's listener.</summary>
    public Socket First => _sockets[0]!;

    /// <summary>The endpoint every slot socket is bound to (the first one's, when port 0 was asked for).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)First.LocalEndPoint!;

    /// <summary>Slot <paramref name="slot"/>'s socket (below <see cref="Count"/>).</summary>
    public Socket this[int slot] => slot < Count ? _sockets[slot]! : throw new ArgumentOutOfRangeException(nameof(slot));

    /// <summary>The group's sockets in slot order, as they are now (what a master handover passes on).</summary>
    public Socket[] Snapshot() => _sockets.AsSpan(0, Count).ToArray()!;

    /// <summary>
    /// Opens the group on the configured port. A port another socket listens on fails the start as
    /// it does under master steering: without the check, SO_REUSEPORT would let a second master of
    /// the same user join the first one's group (renumbering its slots) instead of failing.
    /// </summary>
    public static SlotGroup Open(ListenSettings settings, int slots, int capacity)
    {
        if (settings.Port != 0)
        {
            EnsurePortFree(settings);
        }

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

            return new SlotGroup(sockets, settings, capacity);
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
    /// The slot group a previous master passed in a handover (its sockets in slot order, live and
    /// parked): checked to be listening on one address. Its size need not be this master's worker
    /// count: sockets beyond it are parked, and <see cref="EnsureCount"/> adds what is missing.
    /// </summary>
    public static SlotGroup Adopt(IReadOnlyList<int> fds, ListenSettings settings, int capacity, string origin)
    {
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

            if (sockets.Count == 0)
            {
                throw new IOException($"{origin} passed no slot socket.");
            }

            return new SlotGroup(sockets, settings, capacity);
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
    /// Opens sockets until the group has <paramref name="slots"/>, each joining the group at the end
    /// (bound to the same address and port, listening), so existing slots keep their index. Called
    /// from one thread at a time (the master actor); readers see a new socket once it listens.
    /// </summary>
    /// <exception cref="IOException">The group is at its capacity, or the socket could not be opened.</exception>
    public void EnsureCount(int slots)
    {
        while (Count < slots)
        {
            var count = Count;
            if (count == _sockets.Length)
            {
                throw new IOException($"the slot group is full ({_sockets.Length} sockets)");
            }

            _sockets[count] = OpenOne(_settings, EndPoint.Port);
            Volatile.Write(ref _count, count + 1);
        }
    }

    /// <summary>Attaches (or replaces, atomically for new SYNs) the group's program; 0 or the errno.</summary>
    public unsafe int Attach(SockFilter[] program)
    {
        fixed (SockFilter* filter = program)
        {
            var fprog = new Libc.SockFprog { Length = (ushort)program.Length, Filter = filter };
            return Libc.SetSockOpt(First.SafeHandle, Libc.SOL_SOCKET, Libc.SO_ATTACH_REUSEPORT_CBPF, &fprog, sizeof(Libc.SockFprog)) == 0
                ? 0
                : Marshal.GetLastPInvokeError();
        }
    }

    public void Dispose()
    {
        for (var slot = 0; slot < Count; slot++)
        {
            _sockets[slot]!.Dispose();
        }
    }

    /// <summary>Binds the address once without SO_REUSEPORT (and lets go): it fails wherever any socket listens.</summary>
    private static void EnsurePortFree(ListenSettings settings)
    {
        using var probe = new Socket(settings.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (settings.Address.AddressFamily == AddressFamily.InterNetworkV6 && settings.Address.Equals(IPAddress.IPv6Any))
            {
                probe.DualMode = true;
            }

            probe.Bind(new IPEndPoint(settings.Address, settings.Port));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new IOException($"Cannot listen on {settings.Address}:{settings.Port}: the address is already in use (sticky-actors.listen.port).", e);
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
