namespace StickyActors.Supervision;

/// <summary>One host of the cluster as this master sees it.</summary>
/// <param name="Address">The member's cluster address (<c>akka.tcp://sticky-actors-cluster@host:port</c>).</param>
/// <param name="State">The member's status in the cluster (Joining, Up, Leaving, Exiting, Down, Removed …).</param>
/// <param name="Reachable">This host's failure detector hears from it.</param>
/// <param name="Weight">Its share weight (its worker count unless configured).</param>
/// <param name="ForwardEndPoint">Where other hosts forward its clients.</param>
/// <param name="BucketsOwned">Buckets it owns in this host's table (0 while it is not an owner: not Up, unreachable, or excluded).</param>
/// <param name="IsThisHost">The member is this master.</param>
public sealed record HostStatus(string Address, string State, bool Reachable, int Weight, string ForwardEndPoint, int BucketsOwned, bool IsThisHost);
