namespace StickyActors.Configuration;

/// <summary>Client-to-worker routing (<c>sticky-actors.routing</c>).</summary>
/// <param name="Buckets">Buckets in the routing table. Defaults to 1024.</param>
/// <param name="HashSeed">Seed of the affinity hash. Defaults to 1469598103934665603.</param>
/// <param name="ReturnWhenIdleFor">Idle time before a moved bucket returns home. Defaults to 30 s.</param>
/// <param name="IdleCheckInterval">How often idle buckets are looked for. Defaults to 1 s.</param>
public sealed record RoutingSettings(int Buckets, ulong HashSeed, TimeSpan ReturnWhenIdleFor, TimeSpan IdleCheckInterval);
