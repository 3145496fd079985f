using System.Text.Json;

namespace StickyActors.Benchmarks.Faults;

/// <summary>The worker table of a <c>sticky-status</c> line (property names match case-insensitively).</summary>
internal sealed record ClusterView(IReadOnlyList<WorkerView> Workers, long Accepted, long Rerouted)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static ClusterView Parse(string json) =>
        JsonSerializer.Deserialize<ClusterView>(json, Json) is { Workers: not null } view
            ? view
            : throw new FormatException("sticky-status has no Workers: " + json);

    public WorkerView Worker(int id) =>
        Workers.FirstOrDefault(w => w.Id == id) ?? throw new InvalidOperationException($"sticky-status has no worker {id}.");

    /// <summary>Every one of <paramref name="count"/> slots Running, none starting, restarting or draining.</summary>
    public bool AllRunning(int count) => Workers.Count == count && Workers.All(w => w.IsRunning);

    /// <summary>
    /// <see cref="AllRunning"/>, and every slot owns exactly its home buckets (bucket b's home is
    /// b mod count), so no client is served away from its own worker.
    /// </summary>
    public bool Balanced(int count)
    {
        var buckets = Workers.Sum(w => w.BucketsOwned);
        return AllRunning(count) && Workers.All(w => w.BucketsOwned == (buckets / count) + (w.Id < buckets % count ? 1 : 0));
    }

    public string Describe() => string.Join(", ", Workers.Select(w => $"{w.Id}: pid {w.Pid} {w.State} {w.BucketsOwned} buckets"));
}
