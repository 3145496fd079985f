using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using StickyActors.Handoff;
using StickyActors.Interop;

namespace StickyActors.Forwarding;

/// <summary>
/// The owner's side: one thread blocked in accept4(2) on the forward listening socket. A peer whose
/// address is not a cluster member's is reset at once; the others' handshakes run non-blocking on
/// the relay threads, bounded by the handshake timeout, and an authentic one goes to
/// <c>dispatchLocal</c> as a pinned connection with the client, bucket and key from its header.
/// </summary>
internal sealed class ForwardListener : IDisposable
{
    private static readonly TimeSpan s_defaultHandshakeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_backoff = TimeSpan.FromMilliseconds(50);

    private readonly Socket _listener;
    private readonly RelayLoops _loops;
    private readonly Func<IPAddress, bool> _isMember;
    private readonly Action<AcceptedConnection> _dispatchLocal;
    private readonly ForwardCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LogRateGate _rejectionLog = new();
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <param name="listener">Bound and listening; the listener owns it from here and closes it on <see cref="Dispose"/>.</param>
    /// <param name="relay">Whose threads run the handshakes; it must outlive this listener.</param>
    /// <param name="secret">The cluster secret the header's HMAC is checked with; not empty.</param>
    /// <param name="isMember">Whether a peer address is a cluster member's; called on the accept thread.</param>
    /// <param name="dispatchLocal">Takes each authenticated connection, on a relay thread.</param>
    /// <param name="counters">Where inbound forwards and refusals are counted.</param>
    /// <param name="logger">For refusals (at most one line a second) and accept failures.</param>
    /// <param name="handshakeTimeout">How long a peer has to send its whole header. Defaults to 2 s.</param>
    /// <param name="time">The clock of <see cref="AcceptedConnection.AcceptedAt"/>. Defaults to <see cref="TimeProvider.System"/>.</param>
    public ForwardListener(Socket listener, SpliceRelay relay, ReadOnlyMemory<byte> secret, Func<IPAddress, bool> isMember, Action<AcceptedConnection> dispatchLocal, ForwardCounters counters, ILogger logger, TimeSpan? handshakeTimeout = null, TimeProvider? time = null)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("The cluster secret is empty.", nameof(secret));
        }

        _listener = listener;
        _loops = relay.Loops;
        Secret = secret.ToArray();
        _isMember = isMember;
        _dispatchLocal = dispatchLocal;
        _counters = counters;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        HandshakeTimeout = handshakeTimeout ?? s_defaultHandshakeTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero, nameof(handshakeTimeout));
        _thread = new Thread(Run) { IsBackground = true, Name = "sticky-forward-accept" };
    }

    internal ReadOnlyMemory<byte> Secret { get; }

    internal TimeSpan HandshakeTimeout { get; }

    public void Start()
    {
        ForwardingLog.ListenerStarted(_logger, _listener.LocalEndPoint?.ToString() ?? "(unbound)");
        _thread.Start();
    }

    /// <summary>Stops accepting: wakes the accept thread, waits for it, closes the listener. Handshakes under way end with the relay.</summary>
    public void Dispose()
    {
        _stopping = true;
        Libc.Shutdown(_listener.SafeHandle, Libc.SHUT_RDWR);
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _listener.Dispose();
    }

    internal void Dispatch(AcceptedConnection connection)
    {
        _counters.OnForwardedIn();
        try
        {
            _dispatchLocal(connection);
        }
        catch (Exception exception)
        {
            ForwardingLog.CallbackFailed(_logger, exception);
            connection.Close();
        }
    }

    internal void OnRejected(string peer, ForwardRejection reason)
    {
        _counters.OnInboundRejected();
        if (_rejectionLog.TryEnter(Environment.TickCount64, out var held))
        {
            ForwardingLog.InboundRejected(_logger, peer, reason, held);
        }
    }

    private unsafe void Run()
    {
        var address = stackalloc byte[128];
        while (!_stopping)
        {
            var length = 128;
            var fd = Libc.Accept4(_listener.SafeHandle, address, &length, Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK);
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (_stopping)
                {
                    break;
                }

                if (errno is not (Libc.EINTR or Libc.ECONNABORTED or Libc.EAGAIN))
                {
                    ForwardingLog.AcceptFailed(_logger, errno);
                    Thread.Sleep(s_backoff);
                }

                continue;
            }

            var descriptor = OwnedDescriptor.Adopt(fd);
            var peer = ClientAddress.FromSockAddr(new ReadOnlySpan<byte>(address, Math.Min(length, 128))).ToEndPoint();
            if (peer is null || !IsMember(peer.Address))
            {
                OnRejected(peer?.ToString() ?? "(unknown)", ForwardRejection.NotMember);
                ForwardSocket.SetResetOnClose(fd);
                descriptor.Close();
                continue;
            }

            _loops.Post(new InboundHandshake(this, descriptor, peer.ToString(), _time.GetTimestamp()));
        }
    }

    private bool IsMember(IPAddress address)
    {
        try
        {
            return _isMember(address);
        }
        catch (Exception exception)
        {
            ForwardingLog.CallbackFailed(_logger, exception);
            return false;
        }
    }
}
