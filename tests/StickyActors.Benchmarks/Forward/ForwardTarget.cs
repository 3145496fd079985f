using StickyActors.Benchmarks.Compare;

namespace StickyActors.Benchmarks.Forward;

/// <summary>Where one side of the comparison connects: B's public port (direct) or A's (forwarded to B).</summary>
internal sealed record ForwardTarget(TargetResults Results, ClusterHost Host, bool Forwarded, CpuPlacement Placement);
