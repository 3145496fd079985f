using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using StickyActors.Forwarding;
using StickyActors.Handoff;
using StickyActors.Interop;
using StickyActors.Routing;

namespace StickyActors.Tests.Forwarding;

/// <summary>
/// Two hosts in one process on loopback: a "public" listener whose accepted clients go to a
/// <see cref="SpliceRelay"/> (host A), and a <see cref="ForwardListener"/> (host B) whose
/// dispatched connections land in <see cref="Dispatched"/>.
/// </summary>
internal sealed class ForwardingRig : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    public static readonly byte[] Secret = "the-cluster-secret-for-the-tests"u8.ToArray();

    private readonly Socket _public;
    private readonly List<IDisposable> _owned = [];

    public ForwardingRig(byte[]? ownerSecret = null, Func<IPAddress, bool>? isMember = null, TimeSpan idleTimeout = default, TimeSpan? handshakeTimeout = null)
    {
        Relay = new SpliceRelay(Secret, Counters, NullLogger.Instance, threads: 2, idleTimeout: idleTimeout);
        var forward = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        forward.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        forward.Listen();
        Owner = new HostEntry("B", (IPEndPoint)forward.LocalEndPoint!, 1, IsSelf: false);
        Listener = new ForwardListener(forward, Relay, ownerSecret ?? Secret, isMember ?? (_ => true), c => Dispatched.Writer.TryWrite(c), Counters, NullLogger.Instance, handshakeTimeout);
        Listener.Start();
        _public = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _public.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _public.Listen();
    }

    public ForwardCounters Counters { get; } = new();

    public SpliceRelay Relay { get; }

    public ForwardListener Listener { get; }

    public HostEntry Owner { get; }

    public Channel<AcceptedConnection> Dispatched { get; } = Channel.CreateUnbounded<AcceptedConnection>();

    /// <summary>A client connected to the public listener, and its accepted side as host A's accept path makes it.</summary>
    public unsafe (Socket Client, AcceptedConnection Accepted) ConnectClient(byte[] preamble, int bucket = 17, ulong key = 0xABCDEF0123456789)
    {
        var client = Own(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = (int)Bound.TotalMilliseconds });
        client.Connect(_public.LocalEndPoint!);
        var fd = Libc.Accept4(_public.SafeHandle, null, null, Libc.SOCK_CLOEXEC);
        Assert.True(fd >= 0, "accept4 failed");
        var accepted = new AcceptedConnection(OwnedDescriptor.Adopt(fd), ClientAddress.FromEndPoint((IPEndPoint)client.LocalEndPoint!), preamble, 0, key, bucket);
        _owned.Add(new Closer(accepted));
        return (client, accepted);
    }

    /// <summary>
    /// A client forwarded to host B and relaying: its socket, and B's side with <paramref name="preamble"/>
    /// (the replayed bytes) already read off it.
    /// </summary>
    public async Task<(Socket Client, Socket Owner)> RelayingPairAsync(byte[] preamble)
    {
        var (client, accepted) = ConnectClient(preamble);
        Relay.Forward(accepted, Owner, _ => Assert.Fail("fallback"));
        var (_, owner) = await NextDispatchedAsync();
        SocketAssert.ReceiveExactly(owner, preamble.Length);
        return (client, owner);
    }

    /// <summary>The next connection host B dispatched locally, and a Socket over its descriptor.</summary>
    public async Task<(AcceptedConnection Connection, Socket Socket)> NextDispatchedAsync()
    {
        var connection = await Dispatched.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        _owned.Add(new Closer(connection));
        return (connection, AdoptSocket(connection));
    }

    /// <summary>Takes the descriptor out of <paramref name="connection"/> into a blocking Socket the test owns.</summary>
    public Socket AdoptSocket(AcceptedConnection connection)
    {
        var fd = connection.Descriptor.Detach();
        Assert.True(fd >= 0, "the connection no longer owned its descriptor");
        return Own(new Socket(new SafeSocketHandle(fd, ownsHandle: true)) { ReceiveTimeout = (int)Bound.TotalMilliseconds });
    }

    public T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        Listener.Dispose();
        Relay.Dispose();
        _public.Dispose();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private sealed class Closer(AcceptedConnection connection) : IDisposable
    {
        public void Dispose() => connection.Close();
    }
}
