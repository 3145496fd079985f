using Microsoft.Extensions.Logging;

namespace StickyActors.Preamble;

/// <summary>Rejected preambles by reason, and a log that says each reason at most once a second.</summary>
internal sealed class PreambleCounters(ILogger logger, TimeProvider time, Handoff.HandoffCounters totals)
{
    private static readonly PreambleRejection[] s_reasons = Enum.GetValues<PreambleRejection>();

    private readonly long[] _rejected = new long[s_reasons.Length];
    private readonly long[] _lastLogged = new long[s_reasons.Length];
    private readonly long[] _sinceLogged = new long[s_reasons.Length];

    public long Rejected(PreambleRejection reason) => Volatile.Read(ref _rejected[(int)reason]);

    public IReadOnlyDictionary<string, long> Snapshot() =>
        s_reasons.Where(r => Rejected(r) > 0).ToDictionary(r => r.ToString(), Rejected);

    public void Reject(PreambleRejection reason, string? detail)
    {
        var index = (int)reason;
        Interlocked.Increment(ref _rejected[index]);
        totals.OnPreambleRejected();
        var suppressed = Interlocked.Increment(ref _sinceLogged[index]);
        var now = time.GetTimestamp();
        var last = Volatile.Read(ref _lastLogged[index]);
        if ((last == 0 || time.GetElapsedTime(last, now) >= TimeSpan.FromSeconds(1))
            && Interlocked.CompareExchange(ref _lastLogged[index], now, last) == last)
        {
            Interlocked.Exchange(ref _sinceLogged[index], 0);
            PreambleLog.Rejected(logger, reason.ToString(), suppressed, detail ?? string.Empty);
        }
    }
}
