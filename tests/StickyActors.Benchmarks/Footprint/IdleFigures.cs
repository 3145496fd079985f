namespace StickyActors.Benchmarks.Footprint;

/// <summary>The idle figures of every process, and the machine's 1-minute load average at the end of each window.</summary>
internal sealed record IdleFigures(IReadOnlyList<ProcessFigures> Processes, IReadOnlyList<double> LoadAverages);
