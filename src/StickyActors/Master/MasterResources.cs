using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>What the master actor is given: the bound listener (which it then owns) and its collaborators.</summary>
/// <remarks>
/// With no <c>MeterFactory</c> the master creates (and disposes) its own <c>StickyActors</c> meter.
/// With <c>Slots</c> the kernel steers connections and <c>Listener</c> is the group's first socket.
/// </remarks>
internal sealed record MasterResources(
    StickyActorsSettings Settings,
    Socket Listener,
    Func<Action<AcceptedConnection>, IWorkerLauncher> LauncherFactory,
    string MasterAddress,
    ILoggerFactory LoggerFactory,
    TimeProvider Time,
    IMeterFactory? MeterFactory = null,
    Listening.Steering.SlotGroup? Slots = null)
{
    /// <summary>Stops the master gracefully and makes the process exit with this code (a crash loop with <c>on-limit = stop-master</c>).</summary>
    public Action<int> StopWithExitCode { get; init; } = _ => { };

    /// <summary>Set by the master process as soon as it begins to stop (shared with the workers' supervision).</summary>
    public MasterStopping Stopping { get; init; } = new();

    /// <summary>
    /// Master steering over the slot group a kernel-steering master handed over (this configuration
    /// needs the master to see every connection): <c>Listener</c> is its first socket, and the
    /// master accepts from every one of them.
    /// </summary>
    public Listening.Steering.SlotGroup? AdoptedGroup { get; init; }

    /// <summary>The listener came from outside (systemd) and stays open there: stop accepting without shutting it down.</summary>
    public bool ListenerShared { get; init; }

    /// <summary>In a cluster: the members and forwarding counters, for the meter.</summary>
    public ClusterHosting? Cluster { get; init; }

    /// <summary>In a cluster: which host owns each bucket (published by the membership actor).</summary>
    public Routing.HostTableHolder? Hosts { get; init; }

    /// <summary>In a cluster: sends connections owned by another host there.</summary>
    public Routing.IConnectionForwarder? Forwarder { get; init; }

    /// <summary>In a cluster: called once the dispatcher exists, with what serves connections other hosts forwarded here.</summary>
    public Action<Action<AcceptedConnection>>? ServeForwarded { get; init; }

    /// <summary>
    /// Carries the SignalR backplane between this host and the others: in a cluster, the cluster's
    /// bus; alone, <see cref="Backplane.SingleHostBackplaneBus"/> (this host's workers still hear each other).
    /// </summary>
    public Backplane.IBackplaneBus Backplane { get; init; } = StickyActors.Backplane.SingleHostBackplaneBus.Instance;

    /// <summary>Accept only when told (<see cref="StartAccepting"/>): a handover's new master waits for its workers first.</summary>
    public bool DeferAccepting { get; init; }
}
