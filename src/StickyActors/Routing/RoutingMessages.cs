using StickyActors.Handoff;

namespace StickyActors.Routing;

/// <summary>A worker registered: its channel may receive connections.</summary>
internal sealed record WorkerUp(int WorkerId, IHandoffTarget Channel);

/// <summary>A worker is gone (exited, killed, channel broken, draining): only its buckets move.</summary>
internal sealed record WorkerDown(int WorkerId, string Reason);

/// <summary>Asks the routing actor for <see cref="RoutingState"/>.</summary>
internal sealed record GetRoutingState
{
    public static GetRoutingState Instance { get; } = new();
}

/// <summary>The owner of every bucket and the live workers.</summary>
internal sealed record RoutingState(IReadOnlyList<int> Owners, IReadOnlyList<int> LiveWorkers, long Version);

/// <summary>Published to the event stream whenever buckets change owner.</summary>
internal sealed record BucketsMoved(int FromWorker, int ToWorker, int Count, string Why);
