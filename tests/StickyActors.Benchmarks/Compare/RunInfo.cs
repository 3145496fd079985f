using System.Text.Json;

namespace StickyActors.Benchmarks.Compare;

/// <summary>The facts of a run that the report states before its figures.</summary>
internal sealed record RunInfo(DateTimeOffset Started, int Cores, ulong FileLimit, double LatencyRate, string SourceRange, string Runtime, int[] SkippedIdleLevels)
{
    /// <summary>/proc/loadavg when the run started (the machine may be shared).</summary>
    public string LoadAverageBefore { get; init; } = string.Empty;

    /// <summary>/proc/loadavg when the run ended.</summary>
    public string LoadAverageAfter { get; init; } = string.Empty;

    /// <summary>The report line on the load averages.</summary>
    public string LoadAverageLine =>
        $"load average (1, 5, 15 min) at start {LoadAverageBefore}, at end {LoadAverageAfter}: above the core count, other processes shared the machine";

    /// <summary>Writes the run's facts as properties of the current JSON object.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteString("date", Started);
        json.WriteNumber("cores", Cores);
        json.WriteNumber("fileLimit", FileLimit);
        json.WriteString("runtime", Runtime);
        json.WriteString("sources", SourceRange);
        json.WriteString("loadAverageBefore", LoadAverageBefore);
        json.WriteString("loadAverageAfter", LoadAverageAfter);
    }
}
