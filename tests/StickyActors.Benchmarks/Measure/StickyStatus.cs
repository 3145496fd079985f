using System.Text.Json;

namespace StickyActors.Benchmarks.Measure;

/// <summary>
/// The counters of a <c>sticky-status</c> line. Names match case-insensitively; <c>handedOff</c> falls
/// back to the sum of <c>Workers[].ConnectionsHandedOff</c> and <c>allocatedBytes</c> to
/// <c>MasterAllocatedBytes</c>, the names the host's ClusterStatus uses.
/// </summary>
internal sealed record StickyStatus(long Accepted, long HandedOff, long AllocatedBytes)
{
    public static StickyStatus Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var accepted = Number(root, "accepted") ?? throw new FormatException("sticky-status has no 'accepted': " + json);
        var handedOff = Number(root, "handedOff") ?? SumHandedOff(root) ?? throw new FormatException("sticky-status has no 'handedOff': " + json);
        var allocated = Number(root, "allocatedBytes") ?? Number(root, "masterAllocatedBytes")
            ?? throw new FormatException("sticky-status has no 'allocatedBytes': " + json);
        return new StickyStatus(accepted, handedOff, allocated);
    }

    private static long? SumHandedOff(JsonElement root)
    {
        if (Property(root, "workers") is not { ValueKind: JsonValueKind.Array } workers)
        {
            return null;
        }

        long sum = 0;
        foreach (var worker in workers.EnumerateArray())
        {
            sum += Number(worker, "connectionsHandedOff") ?? 0;
        }

        return sum;
    }

    private static long? Number(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt64() : null;

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
