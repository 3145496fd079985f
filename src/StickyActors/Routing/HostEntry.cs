using System.Net;

namespace StickyActors.Routing;

/// <summary>
/// One host of a cluster as the routing layer sees it: its identity (the cluster member's address,
/// the same text on every host), where other hosts forward its clients to, and its weight (its
/// worker count). <paramref name="IsSelf"/>: this process is that host.
/// </summary>
internal sealed record HostEntry(string Id, IPEndPoint ForwardEndPoint, int Weight, bool IsSelf);
