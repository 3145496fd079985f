using System.Diagnostics;
using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// Connection-per-request GETs on an <see cref="EpollClientLoop"/>, keeping <c>connections</c> in
/// flight, each from the next source address, until stopped. Unlike the counting
/// <see cref="EpollLoadLoop"/> it records every request: source, times, outcome and who answered.
/// Requests still in flight when it stops are closed and not recorded.
/// </summary>
internal sealed class TrackedLoadLoop : EpollClientLoop
{
    private const int BufferSize = 4096;
    private const int MaxEvents = 256;
    private static readonly long MaxWaitTicks = Stopwatch.Frequency / 50;

    private readonly long _timeoutTicks;
    private readonly bool[] _answered;
    private readonly List<RequestRecord> _records = new(1 << 16);
    private volatile bool _stopping;
    private int _covered;
    private long _finished;

    public TrackedLoadLoop(int port, int connections, SourceAddresses sources, TimeSpan requestTimeout)
        : base(SockAddr.Loopback, port, HttpRequestBytes.Close(port), connections, sources, firstSource: 0, BufferSize, MaxEvents, MaxWaitTicks)
    {
        _timeoutTicks = (long)(requestTimeout.TotalSeconds * Stopwatch.Frequency);
        _answered = new bool[sources.Count];
    }

    /// <summary>How many source addresses have had at least one successful answer.</summary>
    public int CoveredSources => Volatile.Read(ref _covered);

    /// <summary>Requests finished (either way) so far.</summary>
    public long Finished => Interlocked.Read(ref _finished);

    /// <summary>Every finished request; read it only after <see cref="Run"/> has returned.</summary>
    public List<RequestRecord> Records => _records;

    /// <summary>Asks <see cref="Run"/> to return at its next turn.</summary>
    public void Stop() => _stopping = true;

    /// <summary>Drives the load until <see cref="Stop"/> or the <paramref name="deadline"/> timestamp.</summary>
    public void Run(long deadline)
    {
        while (!_stopping)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= deadline)
            {
                break;
            }

            ExpireTimedOut(now);
            for (var i = 0; i < SlotCount; i++)
            {
                if (Slot(i).Fd < 0)
                {
                    Open(i);
                }
            }

            WaitAndHandle(deadline - now);
        }

        CloseAll();
    }

    protected override void OnResponse(int index, ref ClientSlot slot, ReadOnlySpan<byte> response, bool ok, long now)
    {
        AnswerParser.Parse(response, out var workerId, out var workerPid);
        Finish(index, !ok ? Outcome.Non200 : workerId < 0 ? Outcome.Unrecognized : Outcome.Ok, 0, workerId, workerPid);
    }

    protected override void OnFailed(int index, Outcome outcome, int errno) => Finish(index, outcome, errno);

    private void ExpireTimedOut(long now)
    {
        for (var i = 0; i < SlotCount; i++)
        {
            ref var slot = ref Slot(i);
            if (slot.Fd >= 0 && now - slot.StartedAt > _timeoutTicks)
            {
                Finish(i, slot.Connected ? Outcome.ResponseTimeout : Outcome.ConnectTimeout, 0);
            }
        }
    }

    /// <summary>Records the request's one outcome and frees its slot.</summary>
    private void Finish(int index, Outcome outcome, int errno, int workerId = -1, int workerPid = 0)
    {
        ref var slot = ref Slot(index);
        _records.Add(new RequestRecord(slot.Source, slot.StartedAt, Stopwatch.GetTimestamp(), outcome, workerId, workerPid, errno));
        if (outcome == Outcome.Ok && !_answered[slot.Source])
        {
            _answered[slot.Source] = true;
            Interlocked.Increment(ref _covered);
        }

        Interlocked.Increment(ref _finished);
        Release(index);
    }
}
