namespace StickyActors.Configuration;

/// <summary>Where a lost worker's home buckets go (<c>sticky-actors.routing.on-worker-loss</c>).</summary>
public enum WorkerLossRule
{
    /// <summary>
    /// They wait in the master for the replacement, up to <see cref="RoutingSettings.ReplacementWait"/>,
    /// then go to interim owners: each of the lost worker's clients changes worker once.
    /// </summary>
    Wait,

    /// <summary>
    /// They go to interim owners at once and come home when the replacement is up, under the
    /// session rule (<see cref="RoutingSettings.ReturnWhenIdleFor"/>, <see cref="RoutingSettings.MaxInterim"/>).
    /// </summary>
    Interim,
}
