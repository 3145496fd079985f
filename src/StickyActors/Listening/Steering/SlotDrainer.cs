using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using StickyActors.Handoff;
using StickyActors.Interop;
using StickyActors.Routing;

namespace StickyActors.Listening.Steering;

/// <summary>
/// The master's accept path under kernel steering, for slots without a live worker only (starting,
/// dead, drained, removed and parked): one epoll thread accepts what queues at those slots' sockets and dispatches it
/// exactly as the master's own accept loop does, so the routing rules (wait for the replacement in
/// the master's bounded queue, or go to the interim owner) apply unchanged. Idle otherwise.
/// </summary>
internal sealed class SlotDrainer : IDisposable
{
    private const int WaitMs = 200;

    private readonly SlotGroup _group;
    private readonly ConnectionDispatcher _dispatcher;
    private readonly AffinityKeyPolicy _keys;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool[] _draining;
    private readonly int _epoll;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public SlotDrainer(SlotGroup group, ConnectionDispatcher dispatcher, AffinityKeyPolicy keys, TimeProvider time, ILogger logger)
    {
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

        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        Libc.Close(_epoll);
    }

    private unsafe void Run()
    {
        var events = stackalloc byte[EpollEvent.Size * 16];
        while (!_stopping)
        {
            var ready = Libc.EpollWait(_epoll, events, 16, WaitMs);
            for (var i = 0; i < ready && !_stopping; i++)
            {
                var slot = (int)EpollEvent.Data(events + (i * EpollEvent.Size));
                if (IsDraining(slot))
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
            var fd = Libc.Accept4(listener.SafeHandle, address, &length, Libc.SOCK_CLOEXEC);
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
            _dispatcher.Dispatch(new AcceptedConnection(OwnedDescriptor.Adopt(fd), client, ReadOnlyMemory<byte>.Empty, _time.GetTimestamp(), _keys.ForClient(client)));
        }
    }
}
