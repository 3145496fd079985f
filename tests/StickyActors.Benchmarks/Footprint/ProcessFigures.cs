namespace StickyActors.Benchmarks.Footprint;

/// <summary>One process's idle figures: medians of CPU (% of one core) and RSS (MiB), with every sample.</summary>
internal sealed record ProcessFigures(string Name, int Pid, double CpuPercent, double RssMiB, IReadOnlyList<double> CpuSamples, IReadOnlyList<double> RssSamples);
