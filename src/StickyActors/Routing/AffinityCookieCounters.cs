namespace StickyActors.Routing;

/// <summary>
/// What the master did with affinity cookies: routed to the bucket they name, or, when invalid,
/// routed by the client address instead (no allocation, no locks).
/// </summary>
internal sealed class AffinityCookieCounters
{
    private long _routed;
    private long _rejected;

    public long Routed => Volatile.Read(ref _routed);

    public long Rejected => Volatile.Read(ref _rejected);

    public void OnRouted() => Interlocked.Increment(ref _routed);

    public void OnRejected() => Interlocked.Increment(ref _rejected);
}
