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
/// Asks the routing actor to answer <see cref="RoutingFlushed"/> once every routing message sent
/// before this one took effect (mailbox order): a drain sent after the answer never overtakes the
/// table that stops routing to the drained process.
/// </summary>
internal sealed record FlushRouting(long Id);

/// <summary>Every routing message sent before <see cref="FlushRouting"/> <paramref name="Id"/> took effect.</summary>
internal sealed record RoutingFlushed(long Id);

/// <summary>Published to the event stream whenever buckets change owner.</summary>
internal sealed record BucketsMoved(int FromWorker, int ToWorker, int Count, string Why);

/// <summary>
/// A worker's buckets with at least one open connection now (from its own report, checked by its
/// worker actor): a bucket at an interim owner does not return home while that owner has one open.
/// </summary>
internal sealed record BucketSessionsReported(int WorkerId, int Generation, IReadOnlyList<int> OpenBuckets);

/// <summary>
/// The master gave up on a worker slot (crash loop): its home buckets stop waiting for it and go to
/// the live workers now.
/// </summary>
internal sealed record SlotGivenUp(int WorkerId);

/// <summary>The master is stopping: workers that go down now are not replaced, so nothing waits for them.</summary>
internal sealed record MasterStopping
{
    public static MasterStopping Instance { get; } = new();
}
