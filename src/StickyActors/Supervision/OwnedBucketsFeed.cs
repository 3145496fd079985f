using StickyActors.Routing;

namespace StickyActors.Supervision;

/// <summary>
/// With <c>affinity.key = bucket-cookie</c>: the published routing table each worker actor watches,
/// and how the workers write the affinity cookie.
/// </summary>
internal sealed record OwnedBucketsFeed(RoutingTableHolder Table, string CookieName, TimeSpan CookieLifetime, ulong CookieKey);
