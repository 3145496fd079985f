namespace StickyActors.Configuration;

/// <summary>Client-to-worker routing (<c>sticky-actors.routing</c>).</summary>
/// <param name="Buckets">Buckets in the routing table. Defaults to 1024.</param>
/// <param name="HashSeed">Seed of the affinity hash. Defaults to 1469598103934665603.</param>
/// <param name="ReturnWhenIdleFor">
/// A bucket at an interim owner returns home once that owner reports no open connection of it (and
/// none was handed off since that report); a non-zero value also requires no new connection for this
/// long. Defaults to 0 (sessions alone decide).
/// </param>
/// <param name="IdleCheckInterval">How often, while some bucket is away from home, returns are looked for. Defaults to 1 s.</param>
public sealed record RoutingSettings(int Buckets, ulong HashSeed, TimeSpan ReturnWhenIdleFor, TimeSpan IdleCheckInterval)
{
    /// <summary>What happens to a lost worker's home buckets. Defaults to <see cref="WorkerLossRule.Wait"/>.</summary>
    public WorkerLossRule OnWorkerLoss { get; init; } = WorkerLossRule.Wait;

    /// <summary>
    /// Under <see cref="WorkerLossRule.Wait"/>, how long a lost worker's home buckets wait for its
    /// replacement before they go to interim owners. Defaults to 3 s.
    /// </summary>
    public TimeSpan ReplacementWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The longest a bucket stays at an interim owner once its home worker is up, open connections
    /// or not. Defaults to 60 s.
    /// </summary>
    public TimeSpan MaxInterim { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a worker gathers changes in its open connections per bucket before it reports them
    /// to the master (one report per period at most, none while nothing changes). Defaults to 250 ms.
    /// </summary>
    public TimeSpan SessionReportDelay { get; init; } = TimeSpan.FromMilliseconds(250);
}
