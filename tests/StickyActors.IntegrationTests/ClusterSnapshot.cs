using System.Text.Json;

namespace StickyActors.IntegrationTests;

/// <summary>The master's status line, parsed.</summary>
internal sealed record ClusterSnapshot(IReadOnlyList<WorkerSnapshot> Workers, long Accepted, long Rerouted, string Raw)
{
    public static ClusterSnapshot Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var workers = root.GetProperty("Workers").EnumerateArray().Select(w => new WorkerSnapshot(
            w.GetProperty("Id").GetInt32(),
            w.GetProperty("Pid").GetInt32(),
            w.GetProperty("State").GetString() ?? string.Empty,
            w.GetProperty("Restarts").GetInt32(),
            w.GetProperty("BucketsOwned").GetInt32(),
            w.GetProperty("LastExitCode").ValueKind == JsonValueKind.Number ? w.GetProperty("LastExitCode").GetInt32() : null,
            w.GetProperty("LastError").ValueKind == JsonValueKind.String ? w.GetProperty("LastError").GetString() : null)).ToArray();
        return new ClusterSnapshot(workers, root.GetProperty("Accepted").GetInt64(), root.GetProperty("Rerouted").GetInt64(), json)
        {
            Steered = root.TryGetProperty("Steered", out var steered) ? steered.GetInt64() : 0,
            Hosts = root.TryGetProperty("Hosts", out var hosts)
                ? hosts.EnumerateArray().Select(h => new HostSnapshot(
                    h.GetProperty("Address").GetString() ?? string.Empty,
                    h.GetProperty("State").GetString() ?? string.Empty,
                    h.GetProperty("Reachable").GetBoolean(),
                    h.GetProperty("BucketsOwned").GetInt32(),
                    h.GetProperty("IsThisHost").GetBoolean())).ToArray()
                : [],
            ForwardedOut = root.TryGetProperty("Forwarding", out var forwarding) && forwarding.ValueKind == JsonValueKind.Object ? forwarding.GetProperty("ForwardedOut").GetInt64() : 0,
            ForwardedIn = forwarding.ValueKind == JsonValueKind.Object ? forwarding.GetProperty("ForwardedIn").GetInt64() : 0,
            ForwardRejectedIn = forwarding.ValueKind == JsonValueKind.Object ? forwarding.GetProperty("RejectedIn").GetInt64() : 0,
        };
    }

    /// <summary>Connections the workers accepted themselves under kernel steering (reported with their pongs).</summary>
    public long Steered { get; init; }

    /// <summary>The cluster's members as this master sees them (empty on a host alone).</summary>
    public IReadOnlyList<HostSnapshot> Hosts { get; init; } = [];

    public long ForwardedOut { get; init; }

    public long ForwardedIn { get; init; }

    public long ForwardRejectedIn { get; init; }

    public WorkerSnapshot Worker(int id) => Workers.Single(w => w.Id == id);

    public override string ToString() => Raw;
}

/// <summary>One worker in a <see cref="ClusterSnapshot"/>.</summary>
internal sealed record WorkerSnapshot(int Id, int Pid, string State, int Restarts, int BucketsOwned, int? LastExitCode, string? LastError);

/// <summary>One cluster member in a <see cref="ClusterSnapshot"/>.</summary>
internal sealed record HostSnapshot(string Address, string State, bool Reachable, int BucketsOwned, bool IsThisHost);
