namespace StickyActors.Benchmarks.Footprint;

/// <summary>
/// One replacement: the worker's own phases (from its startup line), the master's exec to the first
/// handed-off connection answered by the new process, and the kill to that answer (which adds the
/// master noticing the exit and its restart backoff).
/// </summary>
internal sealed record ReplacementFigures(StartupLine Startup, double ExecToServedMs, double KillToServedMs);
