using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using StickyActors.Handoff;
using StickyActors.Interop;
using StickyActors.Preamble;
using StickyActors.Routing;

namespace StickyActors.Listening;

/// <summary>
/// Threads blocked in accept4(2) on the listening socket. Each accepted descriptor goes straight to
/// the <see cref="ConnectionDispatcher"/> on the same thread: no actor message, no Socket object, no
/// allocation per connection. Running out of descriptors backs off instead of spinning.
/// </summary>
internal sealed class AcceptLoop : IDisposable
{
    private static readonly TimeSpan s_minBackoff = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(1);
    private const long ReserveRestoreAfterMs = 1000;

    private readonly Socket _listener;
    private readonly ConnectionDispatcher _dispatcher;
    private readonly AffinityKeyPolicy _keys;
    private readonly PreambleReader? _preamble;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Thread[] _threads;
    private readonly DescriptorReserve _reserve = new();
    private volatile bool _stopping;

    public AcceptLoop(Socket listener, int threads, ConnectionDispatcher dispatcher, AffinityKeyPolicy keys, PreambleReader? preamble, TimeProvider time, ILogger logger)
    {
        _listener = listener;
        _dispatcher = dispatcher;
        _keys = keys;
        _preamble = preamble;
        _time = time;
        _logger = logger;
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"sticky-accept-{i}" };
        }
    }

    /// <summary>
    /// The listener is shared with other processes (systemd, a next master): stopping must not shut
    /// it down; the accept threads notice the stop when accept(2) times out (<c>SO_RCVTIMEO</c>).
    /// Set on the actor's thread before <see cref="Dispose"/>.
    /// </summary>
    public bool ListenerShared { get; set; }

    public void Start()
    {
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Stops accepting: wakes the blocked threads, waits for them, closes the listener.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (!ListenerShared)
        {
            Libc.Shutdown(_listener.SafeHandle, Libc.SHUT_RDWR);
        }

        foreach (var thread in _threads)
        {
            if (thread.IsAlive)
            {
                thread.Join();
            }
        }

        _listener.Dispose();
        _reserve.Dispose();
    }

    private unsafe void Run()
    {
        var address = stackalloc byte[128];
        var backoff = TimeSpan.Zero;
        var lastOutOfDescriptors = 0L;
        var flags = Libc.SOCK_CLOEXEC | (_preamble is null ? 0 : Libc.SOCK_NONBLOCK);
        while (!_stopping)
        {
            var length = 128;
            var fd = Libc.Accept4(_listener.SafeHandle, address, &length, flags);
            if (fd >= 0)
            {
                backoff = TimeSpan.Zero;
                if (_reserve.IsReleased && Environment.TickCount64 - lastOutOfDescriptors > ReserveRestoreAfterMs)
                {
                    _reserve.Restore();
                }

                _dispatcher.Counters.OnAccepted();
                var client = ClientAddress.FromSockAddr(new ReadOnlySpan<byte>(address, Math.Min(length, 128)));
                if (_preamble is null)
                {
                    _dispatcher.Dispatch(new AcceptedConnection(OwnedDescriptor.Adopt(fd), client, ReadOnlyMemory<byte>.Empty, _time.GetTimestamp(), _keys.ForClient(client)));
                }
                else
                {
                    _preamble.Start(OwnedDescriptor.Adopt(fd), client, _time.GetTimestamp());
                }

                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (_stopping)
            {
                break;
            }

            switch (errno)
            {
                case Libc.EINTR:
                case Libc.ECONNABORTED:
                case Libc.EAGAIN:
                    continue;
                case Libc.EMFILE:
                case Libc.ENFILE:
                case Libc.ENOBUFS:
                case Libc.ENOMEM:
                    _dispatcher.Counters.OnAcceptError();
                    _reserve.Release();
                    lastOutOfDescriptors = Environment.TickCount64;
                    backoff = backoff == TimeSpan.Zero ? s_minBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));
                    ListeningLog.AcceptBackingOff(_logger, errno, backoff.TotalMilliseconds);
                    Thread.Sleep(backoff);
                    continue;
                default:
                    _dispatcher.Counters.OnAcceptError();
                    ListeningLog.AcceptFailed(_logger, errno);
                    Thread.Sleep(s_minBackoff);
                    continue;
            }
        }
    }
}
