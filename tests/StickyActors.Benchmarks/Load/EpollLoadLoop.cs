using System.Diagnostics;

namespace StickyActors.Benchmarks.Load;

/// <summary>
/// One counting load-generator thread on an <see cref="EpollClientLoop"/>: keep-alive, one
/// connection per request, or paced new connections; counts responses and errors and, paced,
/// records latencies. Requests are preformatted, buffers pinned and reused, so the steady state
/// allocates nothing. Every run stops at its deadline and closes every socket it opened.
/// </summary>
internal sealed class EpollLoadLoop : EpollClientLoop
{
    private const int BufferSize = 2048;
    private const int MaxEvents = 512;
    private static readonly long MaxWaitTicks = Stopwatch.Frequency / 20;

    private readonly LoadMode _mode;
    private readonly int[] _free;
    private readonly LatencyRecorder? _latency;
    private int _freeCount;
    private long _start;
    private long _end;
    private LoopCounters _counters;

    public EpollLoadLoop(LoadMode mode, uint address, int port, int slots, SourceAddresses sources, int firstSource, LatencyRecorder? latency)
        : base(address, port, mode == LoadMode.KeepAlive ? HttpRequestBytes.KeepAlive(port) : HttpRequestBytes.Close(port), slots, sources, firstSource, BufferSize, MaxEvents, MaxWaitTicks)
    {
        _mode = mode;
        _latency = latency;
        _free = new int[slots];
        for (var i = slots - 1; i >= 0; i--)
        {
            _free[_freeCount++] = i;
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

            WaitAndHandle(wait);
        }

        CloseAll();
        return _counters;
    }

    protected override void OnResponse(int index, ref ClientSlot slot, ReadOnlySpan<byte> response, bool ok, long now)
    {
        if (!ok)
        {
            _counters.Errors++;
        }
        else if (now >= _start && now < _end)
        {
            _counters.Completed++;
            _latency?.Record(slot.FirstByteAt - slot.StartedAt);
        }

        if (_mode != LoadMode.KeepAlive)
        {
            Release(index);
            return;
        }

        slot.Sent = 0;
        slot.Received = 0;
        Send(index, ref slot);
    }

    protected override void OnFailed(int index, Outcome outcome, int errno)
    {
        _counters.Errors++;
        Release(index);
    }

    /// <summary>Closes the slot's socket and puts the slot back on the free list.</summary>
    protected override void Release(int index)
    {
        base.Release(index);
        _free[_freeCount++] = index;
    }
}
