namespace StickyActors.Benchmarks.Compare;

/// <summary>The facts of a run that the report states before its figures.</summary>
internal sealed record RunInfo(DateTimeOffset Started, int Cores, ulong FileLimit, double LatencyRate, string SourceRange, string Runtime, int[] SkippedIdleLevels)
{
    /// <summary>/proc/loadavg when the run started (the machine may be shared).</summary>
    public string LoadAverageBefore { get; init; } = string.Empty;

    /// <summary>/proc/loadavg when the run ended.</summary>
    public string LoadAverageAfter { get; init; } = string.Empty;
}
