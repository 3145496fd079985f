namespace StickyActors.Benchmarks.Compare;

/// <summary>The facts of a run that the report states before its figures.</summary>
internal sealed record RunInfo(DateTimeOffset Started, int Cores, ulong FileLimit, double LatencyRate, string SourceRange, string Runtime, int[] SkippedIdleLevels);
