using System.Diagnostics;

namespace StickyActors.Benchmarks.Load;

/// <summary>
/// Latency samples in a preallocated array: recording is one store, percentiles sort once at the end.
/// Samples beyond the capacity are counted, not kept.
/// </summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _samples = new long[capacity];

    public int Count { get; private set; }

    public long Dropped { get; private set; }

    public void Record(long ticks)
    {
        if (Count < _samples.Length)
        {
            _samples[Count++] = ticks;
        }
        else
        {
            Dropped++;
        }
    }

    /// <summary>The nearest-rank percentile in microseconds; NaN without samples.</summary>
    public static double PercentileMicros(IReadOnlyList<LatencyRecorder> recorders, double percentile)
    {
        var all = new long[recorders.Sum(r => r.Count)];
        var at = 0;
        foreach (var recorder in recorders)
        {
            recorder._samples.AsSpan(0, recorder.Count).CopyTo(all.AsSpan(at));
            at += recorder.Count;
        }

        if (all.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(all);
        var rank = (int)Math.Ceiling(percentile / 100 * all.Length) - 1;
        return all[Math.Clamp(rank, 0, all.Length - 1)] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
