using System.Text.Json;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>The workers listed in the master's <c>sticky-status {json}</c> line (SIGUSR1).</summary>
internal static class StickyStatusLine
{
    public const string Prefix = "sticky-status ";

    /// <summary>Every worker that is running (registered, receiving connections): its pid and buckets.</summary>
    public static IReadOnlyList<(int Pid, int BucketsOwned)> RunningWorkers(string line)
    {
        using var document = JsonDocument.Parse(line[(line.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length)..]);
        var running = new List<(int, int)>();
        foreach (var worker in document.RootElement.GetProperty("Workers").EnumerateArray())
        {
            var state = worker.GetProperty("State");
            var isRunning = state.ValueKind == JsonValueKind.Number ? state.GetInt32() == 1 : state.GetString() == "Running";
            if (isRunning && worker.GetProperty("Pid").GetInt32() is > 0 and var pid)
            {
                running.Add((pid, worker.GetProperty("BucketsOwned").GetInt32()));
            }
        }

        return running;
    }

    /// <summary>The cluster members this master sees Up, reachable and owning buckets: their cluster addresses.</summary>
    public static IReadOnlyList<string> ServingHosts(string line)
    {
        using var document = JsonDocument.Parse(line[(line.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length)..]);
        if (!document.RootElement.TryGetProperty("Hosts", out var hosts) || hosts.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. hosts.EnumerateArray()
            .Where(h => h.GetProperty("State").GetString() == "Up" && h.GetProperty("Reachable").GetBoolean() && h.GetProperty("BucketsOwned").GetInt32() > 0)
            .Select(h => h.GetProperty("Address").GetString() ?? string.Empty)];
    }

    /// <summary>Connections this master accepted, forwarded to their owner host, and took in from the other hosts.</summary>
    public static (long Accepted, long ForwardedOut, long ForwardedIn) Forwarding(string line)
    {
        using var document = JsonDocument.Parse(line[(line.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length)..]);
        var root = document.RootElement;
        var forwarding = root.GetProperty("Forwarding");
        return (root.GetProperty("Accepted").GetInt64(), forwarding.GetProperty("ForwardedOut").GetInt64(), forwarding.GetProperty("ForwardedIn").GetInt64());
    }

    /// <summary>
    /// True when <paramref name="count"/> workers run and each owns its share of the buckets. Until
    /// then a worker that registered first also serves the buckets of one still starting, and
    /// hands them back only once they are idle, so clients would not yet spread over workers.
    /// </summary>
    public static bool AllRunningAndBalanced(IReadOnlyList<(int Pid, int BucketsOwned)> workers, int count) =>
        workers.Count == count && workers.Min(w => w.BucketsOwned) > 0 && workers.Max(w => w.BucketsOwned) - workers.Min(w => w.BucketsOwned) <= 1;
}
