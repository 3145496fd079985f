using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using StickyActors.Handoff;
using StickyActors.Interop;
using StickyActors.Preamble;
using StickyActors.Routing;

namespace StickyActors.Listening.Steering;

/// <summary>
/// The master's accept path under kernel steering, for slots without a live worker only (starting,
/// dead, drained, removed and parked): one epoll thread accepts what queues at those slots' sockets and dispatches it
/// exactly as the master's own accept loop does, so the routing rules (wait for the replacement in
/// the master's bounded queue, or go to the interim owner) apply unchanged. Idle otherwise. A master
/// that steers itself over a group a kernel-steering master handed over drains every slot with it,
/// reading the preamble first when the key needs bytes.
/// </summary>
internal sealed class SlotDrainer : IDisposable
{
    // The epoll key of the stop eventfd (slots are 0 .. capacity - 1).
    private const ulong StopKey = ulong.MaxValue;

    private readonly SlotGroup _group;
    private readonly PreambleReader? _preamble;
    private readonly ConnectionDispatcher _dispatcher;
    private readonly AffinityKeyPolicy _keys;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool[] _draining;
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public SlotDrainer(SlotGroup group, ConnectionDispatcher dispatcher, AffinityKeyPolicy keys, TimeProvider time, ILogger logger, PreambleReader? preamble = null)
    {
        _preamble = preamble;
        _group = group;
        _dispatcher = dispatcher;
        _keys = keys;
        _time = time;
        _logger = logger;
        _draining = new bool[group.Capacity];
        _epoll = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new IOException($"epoll_create1 failed (errno {Marshal.GetLastPInvokeError()})");
        }

        // Wakes the thread at once to stop (no periodic wake-up: idle costs nothing, and a stop
        // does not wait for a timeout while workers the stop signal also reached exit).
        _wake = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (_wake < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.Close(_epoll);
            throw new IOException($"eventfd failed (errno {errno})");
        }

        unsafe
        {
            var wakeEvent = stackalloc byte[16];
            EpollEvent.Write(wakeEvent, Libc.EPOLLIN, StopKey);
            Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_ADD, _wake, wakeEvent);
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "sticky-slot-drainer" };
    }

    public void Start() => _thread.Start();

    /// <summary>Whether the master accepts from <paramref name="slot"/>'s socket (no live worker there, or parked).</summary>
    public unsafe void SetDraining(int slot, bool draining)
    {
        lock (_draining)
        {
            if (_draining[slot] == draining || _stopping)
            {
                return;
            }

            _draining[slot] = draining;
            var socket = _group[slot];
            socket.Blocking = false;
            var slotEvent = stackalloc byte[16];
            EpollEvent.Write(slotEvent, Libc.EPOLLIN, (ulong)slot);
            Libc.EpollCtl(_epoll, draining ? Libc.EPOLL_CTL_ADD : Libc.EPOLL_CTL_DEL, (int)socket.SafeHandle.DangerousGetHandle(), slotEvent);
        }
    }

    public bool IsDraining(int slot)
    {
        lock (_draining)
        {
            return _draining[slot];
        }
    }

    public void Dispose()
    {
        lock (_draining)
        {
            _stopping = true;
        }

        _ = Libc.EventFdWrite(_wake, 1);
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        Libc.Close(_epoll);
        Libc.Close(_wake);
    }

    private unsafe void Run()
    {
        var events = stackalloc byte[EpollEvent.Size * 16];
        while (!_stopping)
        {
            var ready = Libc.EpollWait(_epoll, events, 16, -1);
            for (var i = 0; i < ready && !_stopping; i++)
            {
                var key = EpollEvent.Data(events + (i * EpollEvent.Size));
                var slot = (int)key;
                if (key != StopKey && IsDraining(slot))
                {
                    AcceptAll(_group[slot]);
                }
            }
        }
    }

    private unsafe void AcceptAll(Socket listener)
    {
        var address = stackalloc byte[128];
        while (!_stopping)
        {
            var length = 128;
            var fd = Libc.Accept4(listener.SafeHandle, address, &length, Libc.SOCK_CLOEXEC | (_preamble is null ? 0 : Libc.SOCK_NONBLOCK));
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is Libc.EINTR or Libc.ECONNABORTED)
                {
                    continue;
                }

                if (errno != Libc.EAGAIN)
                {
                    _dispatcher.Counters.OnAcceptError();
                    ListeningLog.AcceptFailed(_logger, errno);
                }

                return;
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
        }
    }
}
