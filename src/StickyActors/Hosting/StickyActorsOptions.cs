using StickyActors.Configuration;

namespace StickyActors.Hosting;

/// <summary>
/// StickyActors settings for <c>AddStickyActors</c>, in the Akka.Hosting style: every property is
/// optional and overlays the HOCON reference configuration (<c>hocon/reference.conf</c>); null keeps
/// the default. Binds from the <c>StickyActors</c> configuration section, for example
/// <c>StickyActors__Port=8080</c> or <c>--StickyActors:WorkerCount=4</c>.
/// </summary>
public sealed partial class StickyActorsOptions
{
    /// <summary>Raw HOCON laid under the properties below (they win). Defaults to none.</summary>
    public string? Hocon { get; set; }

    /// <summary>Address the master binds (<c>listen.address</c>). Defaults to <c>::</c> (dual-stack).</summary>
    public string? ListenAddress { get; set; }

    /// <summary>TCP port the master binds; 0 picks a free one (<c>listen.port</c>). Defaults to 3000.</summary>
    public int? Port { get; set; }

    /// <summary>listen(2) backlog (<c>listen.backlog</c>). Defaults to 511.</summary>
    public int? Backlog { get; set; }

    /// <summary>Threads blocked in accept(2) (<c>listen.accept-threads</c>). Defaults to 1.</summary>
    public int? AcceptThreads { get; set; }

    /// <summary>Who picks each new connection's worker (<c>listen.steering</c>). Defaults to <see cref="SteeringMode.Auto"/>.</summary>
    public SteeringMode? Steering { get; set; }

    /// <summary>Worker processes; 0 means one per processor (<c>workers.count</c>). Defaults to 0.</summary>
    public int? WorkerCount { get; set; }

    /// <summary>Program started for each worker; empty re-runs this one (<c>workers.executable</c>). Defaults to empty.</summary>
    public string? WorkerExecutable { get; set; }

    /// <summary>Arguments of <see cref="WorkerExecutable"/> (<c>workers.arguments</c>). Defaults to none.</summary>
    public IList<string>? WorkerArguments { get; set; }

    /// <summary>Time a launched worker has to register (<c>workers.startup-timeout</c>). Defaults to 30 s.</summary>
    public TimeSpan? WorkerStartupTimeout { get; set; }

    /// <summary>Time a draining worker has before it is killed (<c>workers.shutdown-timeout</c>). Defaults to 30 s.</summary>
    public TimeSpan? WorkerShutdownTimeout { get; set; }

    /// <summary>Exits in a row after which the master gives up on a worker slot; 0 never (<c>workers.crash-loop.max-exits</c>). Defaults to 0.</summary>
    public int? CrashLoopMaxExits { get; set; }

    /// <summary>What giving up on a crash-looping slot means (<c>workers.crash-loop.on-limit</c>). Defaults to <see cref="CrashLoopAction.GiveUpSlot"/>.</summary>
    public CrashLoopAction? CrashLoopOnLimit { get; set; }

    /// <summary>
    /// The most worker slots SIGTTIN (or <see cref="StickyActorHost.AddWorkerAsync"/>) may reach
    /// (<c>workers.max-count</c>); 0 means four times the worker count, at most 1024. Defaults to 0.
    /// </summary>
    public int? WorkerMaxCount { get; set; }

    /// <summary>
    /// Where the master writes its pid once its workers registered (<c>master.pid-file</c>); empty
    /// writes none. Defaults to empty.
    /// </summary>
    public string? PidFile { get; set; }

    /// <summary>What the public listener speaks, for the master's own answer when no worker can take a connection (<c>listen.protocol</c>). Defaults to <see cref="Configuration.ListenProtocol.Tcp"/>.</summary>
    public ListenProtocol? ListenProtocol { get; set; }

    /// <summary>First restart delay after a worker exits (<c>workers.restart-backoff.min</c>). Defaults to 200 ms.</summary>
    public TimeSpan? RestartBackoffMin { get; set; }

    /// <summary>Longest restart delay (<c>workers.restart-backoff.max</c>). Defaults to 30 s.</summary>
    public TimeSpan? RestartBackoffMax { get; set; }

    /// <summary>Restart delay jitter, 0 to 1 (<c>workers.restart-backoff.random-factor</c>). Defaults to 0.2.</summary>
    public double? RestartBackoffRandomFactor { get; set; }

    /// <summary>Uptime after which the restart delay starts again at the minimum (<c>workers.restart-backoff.reset-after</c>). Defaults to 30 s.</summary>
    public TimeSpan? RestartBackoffResetAfter { get; set; }

    /// <summary>Buckets in the routing table (<c>routing.buckets</c>). Defaults to 1024.</summary>
    public int? Buckets { get; set; }

    /// <summary>Seed of the affinity hash (<c>routing.hash-seed</c>). Defaults to 1469598103934665603.</summary>
    public ulong? HashSeed { get; set; }

    /// <summary>What happens to a lost worker's home buckets (<c>routing.on-worker-loss</c>). Defaults to <see cref="WorkerLossRule.Wait"/>.</summary>
    public WorkerLossRule? OnWorkerLoss { get; set; }

    /// <summary>How long a lost worker's buckets wait for its replacement (<c>routing.replacement-wait</c>). Defaults to 3 s.</summary>
    public TimeSpan? ReplacementWait { get; set; }

    /// <summary>Time without new connections a bucket also needs before it returns home from an interim worker (<c>routing.return-when-idle-for</c>). Defaults to 0 (open sessions alone decide).</summary>
    public TimeSpan? ReturnWhenIdleFor { get; set; }

    /// <summary>The longest a bucket stays at an interim worker once its home is up (<c>routing.max-interim</c>). Defaults to 60 s.</summary>
    public TimeSpan? MaxInterim { get; set; }

    /// <summary>How often, while some bucket is away from home, returns are looked for (<c>routing.idle-check-interval</c>). Defaults to 1 s.</summary>
    public TimeSpan? IdleCheckInterval { get; set; }

    /// <summary>How long a worker gathers changes of its open connections per bucket before it reports them (<c>routing.session-report-delay</c>). Defaults to 250 ms.</summary>
    public TimeSpan? SessionReportDelay { get; set; }

    /// <summary>Connections queued for one slow worker (<c>handoff.queue-capacity</c>). Defaults to 4096.</summary>
    public int? HandoffQueueCapacity { get; set; }

    /// <summary>How long a connection waits while no worker is alive (<c>handoff.no-worker-timeout</c>). Defaults to 10 s.</summary>
    public TimeSpan? NoWorkerTimeout { get; set; }

    /// <summary>Connections held while no worker is alive (<c>handoff.no-worker-queue-capacity</c>). Defaults to 1024.</summary>
    public int? NoWorkerQueueCapacity { get; set; }

    /// <summary>Loopback address of the control plane (<c>control-plane.hostname</c>). Defaults to 127.0.0.1.</summary>
    public string? ControlPlaneHostname { get; set; }

    /// <summary>Control-plane port; 0 picks a free one (<c>control-plane.port</c>). Defaults to 0.</summary>
    public int? ControlPlanePort { get; set; }

    /// <summary>How long a worker waits for a lost master before exiting (<c>control-plane.master-lost-timeout</c>). Defaults to 2 s.</summary>
    public TimeSpan? MasterLostTimeout { get; set; }

    /// <summary>How long a running worker may leave the master's pings unanswered before it is killed (<c>control-plane.unresponsive-after</c>). Defaults to 10 s.</summary>
    public TimeSpan? UnresponsiveAfter { get; set; }
}
