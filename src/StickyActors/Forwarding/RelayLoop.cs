using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using StickyActors.Interop;

namespace StickyActors.Forwarding;

/// <summary>
/// One forwarding thread: an epoll loop over the connections it relays or handshakes, woken by an
/// eventfd when work is posted, with a coarse timer (every <c>tick</c>, only while it holds
/// connections) for deadlines. Connections are registered by token; the epoll data is the token, or
/// the token + 1 for a handler's second descriptor (tokens are even), so a handler that watches two
/// descriptors learns which one is ready without a probe.
/// </summary>
internal sealed unsafe class RelayLoop : IDisposable
{
    private const ulong WakeToken = 0;
    private const int MaxEvents = 128;

    private readonly ConcurrentQueue<IRelayWork> _posted = new();
    private readonly Dictionary<ulong, IRelayHandler> _handlers = [];
    private readonly List<IRelayHandler> _sweep = [];
    private readonly Lock _wakeLock = new();
    private readonly int _index;
    private readonly long _tickMs;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly int _epoll;
    private int _wake;
    private int _wakePending;
    private ulong _nextToken = WakeToken + 2;
    private volatile bool _stopping;
    private volatile bool _stopped;

    public RelayLoop(int index, TimeSpan tick, ILogger logger)
    {
        _index = index;
        _tickMs = Math.Max(1, (long)tick.TotalMilliseconds);
        _logger = logger;
        _epoll = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        _wake = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (_epoll < 0 || _wake < 0 || !Watch(_wake, WakeToken, Libc.EPOLLIN))
        {
            var errno = Marshal.GetLastPInvokeError();
            CloseDescriptors();
            throw new IOException($"Could not set up a forwarding thread's epoll and eventfd (errno {errno}).");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"sticky-forward-{index}" };
        _thread.Start();
    }

    /// <summary>The connections on this loop now; only on the loop's thread.</summary>
    public IEnumerable<IRelayHandler> Handlers => _handlers.Values;

    /// <summary>Queues <paramref name="work"/> for the loop's thread and wakes it; never blocks on the loop.</summary>
    public void Post(IRelayWork work)
    {
        _posted.Enqueue(work);
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            lock (_wakeLock)
            {
                if (_wake >= 0)
                {
                    Libc.EventFdWrite(_wake, 1);
                }
            }
        }

        if (_stopped)
        {
            CancelPosted();
        }
    }

    /// <summary>Registers a connection and returns its (even) token for <see cref="Watch"/>; token + 1 names its second descriptor.</summary>
    public ulong Add(IRelayHandler handler)
    {
        var token = _nextToken;
        _nextToken += 2;
        _handlers.Add(token, handler);
        return token;
    }

    public void Remove(ulong token) => _handlers.Remove(token);

    public bool Watch(int fd, ulong token, uint events) => Control(Libc.EPOLL_CTL_ADD, fd, token, events);

    /// <summary>Changes what a watched <paramref name="fd"/> reports (and whether edge-triggered); a ready descriptor reports at once.</summary>
    public bool Rewatch(int fd, ulong token, uint events) => Control(Libc.EPOLL_CTL_MOD, fd, token, events);

    /// <summary>Stops watching <paramref name="fd"/>: always before it is closed or handed on (a descriptor sent to a worker would otherwise stay in this epoll set).</summary>
    public void Unwatch(int fd)
    {
        if (fd >= 0)
        {
            var slot = stackalloc byte[16];
            Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_DEL, fd, slot);
        }
    }

    /// <summary>Stops the thread, which closes every connection it holds.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        lock (_wakeLock)
        {
            Libc.EventFdWrite(_wake, 1);
        }

        if (_thread.IsAlive && _thread != Thread.CurrentThread)
        {
            _thread.Join();
        }

        CloseDescriptors();
    }

    private void Run()
    {
        var events = stackalloc byte[MaxEvents * EpollEvent.Size];
        var nextTick = 0L;
        while (!_stopping)
        {
            var timeout = _handlers.Count == 0 ? -1 : (int)Math.Clamp(nextTick - Environment.TickCount64, 0, _tickMs);
            var ready = Libc.EpollWait(_epoll, events, MaxEvents, timeout);
            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                ForwardingLog.EpollFailed(_logger, errno, _index);
                break;
            }

            for (var i = 0; i < ready; i++)
            {
                var slot = events + (i * EpollEvent.Size);
                var token = EpollEvent.Data(slot);
                if (token == WakeToken)
                {
                    Libc.EventFdRead(_wake, out _);
                }
                else if (_handlers.TryGetValue(token & ~1UL, out var handler))
                {
                    OnReady(handler, EpollEvent.Events(slot), (token & 1) != 0);
                }
            }

            RunPosted();
            var now = Environment.TickCount64;
            if (_handlers.Count > 0 && now >= nextTick)
            {
                Sweep(now);
                nextTick = now + _tickMs;
            }
        }

        _stopped = true;
        _sweep.AddRange(_handlers.Values);
        foreach (var handler in _sweep)
        {
            handler.Abort();
        }

        _sweep.Clear();
        _handlers.Clear();
        CancelPosted();
    }

    private void RunPosted()
    {
        Volatile.Write(ref _wakePending, 0);
        while (_posted.TryDequeue(out var work))
        {
            try
            {
                work.Run(this);
            }
            catch (Exception exception)
            {
                ForwardingLog.CallbackFailed(_logger, exception);
                work.Cancel();
            }
        }
    }

    private void Sweep(long now)
    {
        _sweep.AddRange(_handlers.Values);
        foreach (var handler in _sweep)
        {
            try
            {
                handler.OnTick(now);
            }
            catch (Exception exception)
            {
                ForwardingLog.CallbackFailed(_logger, exception);
                handler.Abort();
            }
        }

        _sweep.Clear();
    }

    private bool Control(int op, int fd, ulong token, uint events)
    {
        var slot = stackalloc byte[16];
        EpollEvent.Write(slot, events, token);
        return Libc.EpollCtl(_epoll, op, fd, slot) == 0;
    }

    private void OnReady(IRelayHandler handler, uint events, bool second)
    {
        try
        {
            handler.OnReady(events, second);
        }
        catch (Exception exception)
        {
            ForwardingLog.CallbackFailed(_logger, exception);
            handler.Abort();
        }
    }

    private void CancelPosted()
    {
        while (_posted.TryDequeue(out var work))
        {
            work.Cancel();
        }
    }

    private void CloseDescriptors()
    {
        lock (_wakeLock)
        {
            if (_wake >= 0)
            {
                Libc.Close(_wake);
                _wake = -1;
            }
        }

        if (_epoll >= 0)
        {
            Libc.Close(_epoll);
        }
    }
}
