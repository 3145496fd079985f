namespace StickyActors.Benchmarks.Load;

/// <summary>The outcome of one <see cref="LoadSpec"/> run.</summary>
/// <param name="PerSecond">Completed responses per second of the window.</param>
/// <param name="Completed">Completed responses.</param>
/// <param name="Errors">Failed connections or answers.</param>
/// <param name="P50Micros">Paced mode: median time from socket(2) to the first response byte, µs; NaN otherwise.</param>
/// <param name="P99Micros">Paced mode: 99th percentile latency, µs; NaN otherwise.</param>
/// <param name="MaxStartLagMicros">Paced mode: the latest a connection started behind schedule, µs.</param>
/// <param name="GeneratorCpuShare">This process's CPU time / wall time / cores during the run, 0..1.</param>
internal sealed record LoadResult(
    double PerSecond,
    long Completed,
    long Errors,
    double P50Micros,
    double P99Micros,
    double MaxStartLagMicros,
    double GeneratorCpuShare);
