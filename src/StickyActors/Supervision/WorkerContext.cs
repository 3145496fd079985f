using Akka.Actor;
using StickyActors.Configuration;
using StickyActors.Handoff;

namespace StickyActors.Supervision;

/// <summary>
/// What every worker actor of one master shares: settings, launcher and its neighbours; with
/// <c>affinity.key = bucket-cookie</c>, the table whose ownership each worker is told.
/// </summary>
internal sealed record WorkerContext(
    WorkerSettings Settings,
    int QueueCapacity,
    IWorkerLauncher Launcher,
    string MasterAddress,
    IActorRef Routing,
    IActorRef Master,
    Action<AcceptedConnection> Reroute,
    WorkerGenerations Generations,
    OwnedBucketsFeed? OwnedBuckets = null)
{
    /// <summary>A running worker answering no ping for this long is killed (<c>control-plane.unresponsive-after</c>).</summary>
    public TimeSpan UnresponsiveAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Set once the master stops: a worker that exits then is not restarted.</summary>
    public MasterStopping Stopping { get; init; } = new();

    /// <summary>The master's backplane actor, which registered workers join (<see cref="Backplane.BackplaneActor"/>); nobody in tests without one.</summary>
    public IActorRef Backplane { get; init; } = ActorRefs.Nobody;
}

/// <summary>How many times each worker slot has been launched (thread-safe).</summary>
internal sealed class WorkerGenerations(int workers)
{
    private readonly int[] _launches = new int[workers];

    public int Next(int workerId) => Interlocked.Increment(ref _launches[workerId]);

    public int Launches(int workerId) => Volatile.Read(ref _launches[workerId]);
}
