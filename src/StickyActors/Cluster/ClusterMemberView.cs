namespace StickyActors.Cluster;

/// <summary>One cluster member as the status API shows it.</summary>
/// <param name="Address">Its cluster address (the host Id).</param>
/// <param name="Status">Akka's member status: Joining, Up, Leaving, Exiting, Down, Removed, WeaklyUp.</param>
/// <param name="Reachable">Reachable from this host.</param>
/// <param name="Weight">Its weight from its roles; 0 when it is no StickyActors host.</param>
/// <param name="ForwardEndPoint">Its forward listener from its roles; null when it is no StickyActors host.</param>
/// <param name="OwnedBuckets">Buckets it owns in the current table.</param>
/// <param name="IsSelf">This host.</param>
/// <param name="Excluded">Why it owns nothing although Up (another routing configuration), or null.</param>
internal sealed record ClusterMemberView(
    string Address,
    string Status,
    bool Reachable,
    int Weight,
    string? ForwardEndPoint,
    int OwnedBuckets,
    bool IsSelf,
    string? Excluded);
