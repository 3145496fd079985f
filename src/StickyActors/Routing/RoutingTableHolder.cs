namespace StickyActors.Routing;

/// <summary>The current <see cref="RoutingSnapshot"/>, swapped atomically by the routing actor.</summary>
internal sealed class RoutingTableHolder(RoutingSnapshot initial)
{
    private RoutingSnapshot _current = initial;

    /// <summary>Raised after a new snapshot is published (on the publishing thread).</summary>
    public event Action<RoutingSnapshot>? Published;

    public RoutingSnapshot Current => Volatile.Read(ref _current);

    public void Publish(RoutingSnapshot snapshot)
    {
        Volatile.Write(ref _current, snapshot);
        Published?.Invoke(snapshot);
    }
}
