using Akka.Actor;
using StickyActors.Handoff;

namespace StickyActors.Routing;

/// <summary>
/// A worker process registered: its channel may receive connections. When the slot is already
/// live (a rolling restart), the new process takes over the slot's buckets as they are.
/// </summary>
internal sealed record WorkerUp(int WorkerId, int Generation, IHandoffTarget Channel);

/// <summary>
/// A worker process is gone (exited, killed, channel broken, draining): only its buckets move.
/// Ignored when the slot is served by another generation already.
/// </summary>
internal sealed record WorkerDown(int WorkerId, int Generation, string Reason);

/// <summary>
/// Delivers <paramref name="Message"/> to <paramref name="Target"/> once every routing message sent
/// before this one took effect (mailbox order): a drain sent this way never overtakes the table
/// that stops routing to the drained process.
/// </summary>
internal sealed record AfterRouting(IActorRef Target, object Message);

/// <summary>Asks the routing actor for <see cref="RoutingState"/>.</summary>
internal sealed record GetRoutingState
{
    public static GetRoutingState Instance { get; } = new();
}

/// <summary>The owner of every bucket and the live workers.</summary>
internal sealed record RoutingState(IReadOnlyList<int> Owners, IReadOnlyList<int> LiveWorkers, long Version);

/// <summary>Published to the event stream whenever buckets change owner.</summary>
internal sealed record BucketsMoved(int FromWorker, int ToWorker, int Count, string Why);

/// <summary>
/// A worker's buckets with at least one open connection now (from its own report, checked by its
/// worker actor): a bucket at an interim owner does not return home while that owner has one open.
/// </summary>
internal sealed record BucketSessionsReported(int WorkerId, int Generation, IReadOnlyList<int> OpenBuckets);
