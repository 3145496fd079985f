using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Interop;
using EpollEvent = StickyActors.Interop.EpollEvent;

namespace StickyActors.Benchmarks.Load;

/// <summary>
/// One load-generator thread: non-blocking sockets on one edge-triggered epoll instance, driven by
/// raw syscalls. Requests are preformatted, buffers pinned and reused, so the steady state allocates
/// nothing. Every run stops at its deadline and closes every socket it opened.
/// </summary>
internal sealed unsafe partial class EpollLoadLoop : IDisposable
{
    private const int BufferSize = 2048;
    private const int MaxEvents = 512;
    private static readonly long MaxWaitTicks = Stopwatch.Frequency / 20;

    private readonly LoadMode _mode;
    private readonly SourceAddresses _sources;
    private readonly byte[] _pinned;
    private readonly byte* _target;
    private readonly byte* _request;
    private readonly int _requestLength;
    private readonly byte* _buffers;
    private readonly byte* _events;
    private readonly ClientSlot[] _slots;
    private readonly int[] _free;
    private readonly LatencyRecorder? _latency;
    private readonly int _epoll;
    private int _freeCount;
    private int _nextSource;
    private long _start;
    private long _end;
    private LoopCounters _counters;

    public EpollLoadLoop(LoadMode mode, int port, int slots, SourceAddresses sources, int firstSource, LatencyRecorder? latency)
    {
        _mode = mode;
        _sources = sources;
        _nextSource = firstSource;
        _latency = latency;
        var request = mode == LoadMode.KeepAlive ? HttpRequestBytes.KeepAlive(port) : HttpRequestBytes.Close(port);
        _requestLength = request.Length;
        var eventsOffset = SockAddr.Size + request.Length;
        var buffersOffset = eventsOffset + (MaxEvents * EpollEvent.Size);
        _pinned = GC.AllocateArray<byte>(buffersOffset + (slots * BufferSize) + 8, pinned: true);
        var basePointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_pinned));
        _target = basePointer;
        SockAddr.WriteV4(_pinned, 0x7F00_0001, (ushort)port);
        _request = basePointer + SockAddr.Size;
        request.CopyTo(_pinned.AsSpan(SockAddr.Size));
        _events = basePointer + eventsOffset;
        _buffers = basePointer + buffersOffset;
        _slots = new ClientSlot[slots];
        _free = new int[slots];
        for (var i = slots - 1; i >= 0; i--)
        {
            _slots[i].Fd = -1;
            _free[_freeCount++] = i;
        }

        _epoll = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Runs until <paramref name="end"/>; counts responses completed from <paramref name="start"/> on.
    /// Paced mode starts one connection every <paramref name="intervalTicks"/> from <paramref name="start"/>.
    /// </summary>
    public LoopCounters Run(long start, long end, long intervalTicks)
    {
        _start = start;
        _end = end;
        _counters = default;
        var nextDue = start;
        var timeout = stackalloc long[2];
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                break;
            }

            long wait;
            if (_mode == LoadMode.Paced)
            {
                while (nextDue <= now && nextDue < end && _freeCount > 0)
                {
                    _counters.MaxStartLag = Math.Max(_counters.MaxStartLag, now - nextDue);
                    Open(_free[--_freeCount]);
                    nextDue += intervalTicks;
                }

                wait = nextDue <= now ? MaxWaitTicks : Math.Min(nextDue, end) - now;
            }
            else
            {
                for (var refill = _freeCount; refill > 0 && _freeCount > 0; refill--)
                {
                    Open(_free[--_freeCount]);
                }

                wait = end - now;
            }

            var nanos = (long)(Math.Clamp(wait, 0, MaxWaitTicks) * (1e9 / Stopwatch.Frequency));
            timeout[0] = nanos / 1_000_000_000;
            timeout[1] = nanos % 1_000_000_000;
            var ready = Libc.EpollPWait2(_epoll, _events, MaxEvents, timeout, 0);
            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                throw new InvalidOperationException($"epoll_pwait2 failed: errno {errno}");
            }

            now = Stopwatch.GetTimestamp();
            for (var i = 0; i < ready; i++)
            {
                var entry = _events + (i * EpollEvent.Size);
                OnEvent((int)EpollEvent.Data(entry), EpollEvent.Events(entry), now);
            }
        }

        CloseAll();
        return _counters;
    }

    public void Dispose()
    {
        CloseAll();
        Libc.Close(_epoll);
    }

    private void CloseAll()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Fd >= 0)
            {
                Release(i);
            }
        }
    }
}
