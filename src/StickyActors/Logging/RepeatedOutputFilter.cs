using System.Text.RegularExpressions;

namespace StickyActors.Logging;

/// <summary>
/// Keeps a crash loop from printing the same stack trace at every exit. Per worker slot, a plain
/// output line (not a log event: an unhandled exception's trace) that an earlier process of the slot
/// wrote less than <see cref="Every"/> ago (numbers aside: pids, ports, times) is not forwarded
/// again; lines that are new (the trace changed) are. So a slot's trace is shown in full once per
/// <see cref="Every"/>, and what changes in it at once. A process repeating its own lines is never
/// held back. Lines held back still reach the crash tail, and the crash-loop summary line names the
/// last error. Thread-safe.
/// </summary>
internal sealed partial class RepeatedOutputFilter(TimeProvider time)
{
    /// <summary>Lines remembered per slot; past this the slot starts over.</summary>
    private const int MaxLines = 512;

    private readonly Dictionary<int, Dictionary<string, (long At, int Pid)>> _slots = [];

    /// <summary>The same line from another process of the slot is forwarded again after this long.</summary>
    public static TimeSpan Every { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether to forward this plain line of process <paramref name="pid"/> of slot <paramref name="workerId"/>.</summary>
    public bool Offer(int workerId, int pid, string line)
    {
        var key = Numbers().Replace(line, "0");
        lock (_slots)
        {
            if (!_slots.TryGetValue(workerId, out var seen))
            {
                seen = [];
                _slots[workerId] = seen;
            }

            if (seen.TryGetValue(key, out var last) && last.Pid != pid && time.GetElapsedTime(last.At) < Every)
            {
                return false;
            }

            if (seen.Count >= MaxLines)
            {
                seen.Clear();
            }

            seen[key] = (time.GetTimestamp(), pid);
            return true;
        }
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();
}
