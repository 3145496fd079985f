using System.Text.RegularExpressions;

namespace StickyActors.Logging;

/// <summary>
/// Keeps a crash loop from printing the same stack trace at every exit. Per worker slot: a process's
/// plain output lines (not log events: an unhandled exception's trace) are forwarded in full; the
/// next process of the slot that starts within <see cref="Every"/> of that and writes the same lines
/// (numbers aside: pids, ports, addresses) has them held back; its first line that differs forwards
/// what was held and everything after it (the trace changed). So a slot's trace is shown at most
/// once per <see cref="Every"/>, or when it changes. Lines held back still reach the crash tail, and
/// the crash-loop summary line names the last error. Thread-safe.
/// </summary>
internal sealed partial class RepeatedOutputFilter(TimeProvider time)
{
    /// <summary>The most lines remembered per slot (a longer trace is compared on its start only).</summary>
    private const int MaxLines = 200;

    private readonly Dictionary<int, Slot> _slots = [];

    /// <summary>A slot's same output is forwarded again after this long.</summary>
    public static TimeSpan Every { get; } = TimeSpan.FromSeconds(60);

    /// <summary>The lines to forward now for one plain line of process <paramref name="pid"/> of slot <paramref name="workerId"/> (none, it, or it after the held ones).</summary>
    public IReadOnlyList<string> Offer(int workerId, int pid, string line)
    {
        lock (_slots)
        {
            if (!_slots.TryGetValue(workerId, out var slot))
            {
                slot = new Slot();
                _slots[workerId] = slot;
            }

            if (slot.Pid != pid)
            {
                slot.StartProcess(pid, time.GetTimestamp(), repeatsLikely: slot.Forwarded.Count > 0 && time.GetElapsedTime(slot.ForwardedAt) < Every);
            }

            if (!slot.Holding)
            {
                slot.Remember(line);
                return [line];
            }

            if (slot.Held.Count < slot.Forwarded.Count && Same(slot.Forwarded[slot.Held.Count], line))
            {
                slot.Held.Add(line);
                return [];
            }

            if (slot.Held.Count == MaxLines)
            {
                // Past what is compared: the rest of the same long output.
                return [];
            }

            // The output changed: it is a new trace, shown in full and remembered.
            List<string> release = [.. slot.Held, line];
            slot.StartProcess(pid, time.GetTimestamp(), repeatsLikely: false);
            foreach (var kept in release)
            {
                slot.Remember(kept);
            }

            return release;
        }
    }

    private static bool Same(string forwarded, string line) =>
        string.Equals(Numbers().Replace(forwarded, "0"), Numbers().Replace(line, "0"), StringComparison.Ordinal);

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();

    private sealed class Slot
    {
        public int Pid { get; private set; }

        public bool Holding { get; private set; }

        public long ForwardedAt { get; private set; }

        public List<string> Forwarded { get; private set; } = [];

        public List<string> Held { get; } = [];

        /// <summary>A new process: it holds its lines back while they repeat the slot's last forwarded output.</summary>
        public void StartProcess(int pid, long now, bool repeatsLikely)
        {
            Pid = pid;
            Held.Clear();
            Holding = repeatsLikely;
            if (!repeatsLikely)
            {
                Forwarded = [];
                ForwardedAt = now;
            }
        }

        public void Remember(string line)
        {
            if (Forwarded.Count < MaxLines)
            {
                Forwarded.Add(line);
            }
        }
    }
}
