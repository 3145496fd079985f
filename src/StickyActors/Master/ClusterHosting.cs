using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using StickyActors.Backplane;
using StickyActors.Cluster;
using StickyActors.Configuration;
using StickyActors.Forwarding;
using StickyActors.Handoff;
using StickyActors.Routing;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>
/// A master's part in a cluster: the forward listener (bound first, so its port goes into this
/// host's roles), the relay threads, the cluster actor system and its membership actor publishing
/// the host table the dispatcher reads. The host joins once its own workers run, so the clients
/// other hosts send here find a worker.
/// </summary>
internal sealed class ClusterHosting : IAsyncDisposable
{
    private readonly ClusterSettings _settings;
    private readonly Socket _forwardSocket;
    private readonly ForwardCounters _counters;
    private readonly SpliceRelay _relay;
    private readonly ILogger _log;
    private readonly ClusterSystem _system;
    private ForwardListener? _listener;
    private IActorRef _membership = ActorRefs.Nobody;
    private IReadOnlyList<HostStatus>? _lastView;
    private int _leaving;

    private ClusterHosting(ClusterSettings settings, Socket forwardSocket, SpliceRelay relay, ClusterSystem system, ILogger log)
    {
        _counters = relay.Counters;
        Backplane = new DistributedPubSubBus(system.System);
        _settings = settings;
        _forwardSocket = forwardSocket;
        _relay = relay;
        _system = system;
        _log = log;
    }

    public HostTableHolder Hosts { get; } = new();

    public IConnectionForwarder Forwarder => _relay;

    /// <summary>The SignalR backplane between the masters (Akka.Cluster.Tools distributed pub-sub).</summary>
    public IBackplaneBus Backplane { get; }

    public string SelfAddress => _system.SelfAddress.ToString();

    /// <summary>Binds the forward listener and starts the cluster system (not yet joined).</summary>
    public static ClusterHosting Open(StickyActorsSettings settings, ILoggerFactory loggerFactory)
    {
        var cluster = settings.Cluster;
        var log = loggerFactory.CreateLogger(MembershipActor.LogCategory);
        var bindAddress = IPAddress.Parse(cluster.Forward.Address.Length > 0 ? cluster.Forward.Address : cluster.Hostname);
        var socket = new Socket(bindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        SpliceRelay? relay = null;
        try
        {
            try
            {
                socket.Bind(new IPEndPoint(bindAddress, cluster.Forward.Port));
                socket.Listen(512);
            }
            catch (SocketException e)
            {
                throw new IOException($"The cluster's forward listener cannot listen on {bindAddress}:{cluster.Forward.Port} (sticky-actors.cluster.forward.address / forward.port): {e.SocketErrorCode} ({e.Message}).", e);
            }

            var bound = (IPEndPoint)socket.LocalEndPoint!;
            var announced = bindAddress.Equals(IPAddress.Any) || bindAddress.Equals(IPAddress.IPv6Any)
                ? new IPEndPoint(IPAddress.Parse(cluster.PublicHostname), bound.Port)
                : bound;
            var counters = new ForwardCounters();
            relay = new SpliceRelay(cluster.Secret, counters, loggerFactory.CreateLogger("StickyActors.Forwarding"), cluster.Forward.Threads, cluster.Forward.ConnectTimeout, cluster.Forward.IdleTimeout)
            {
                SourceAddress = announced.Address,
            };
            var identity = new HostIdentity(announced, cluster.Weight > 0 ? cluster.Weight : settings.Workers.Count, settings.Routing.Buckets, settings.Routing.HashSeed);

            // Seeds are joined when the workers run (JoinWhenReady), not at the system's start.
            ClusterSystem system;
            try
            {
                system = ClusterSystem.Create(cluster, identity, loggerFactory, Akka.Configuration.ConfigurationFactory.ParseString("akka.cluster.seed-nodes = []").WithFallback(DistributedPubSubBus.Serialization));
            }
            catch (Exception e) when (e is not StickyActorsConfigurationException)
            {
                throw new IOException($"The cluster system cannot start on {cluster.Hostname}:{cluster.Port} (sticky-actors.cluster.hostname / port): {e.GetBaseException().Message}", e);
            }

            ClusterHostingLog.Member(log, system.SelfAddress.ToString(), announced.ToString(), cluster.SeedNodes.Count == 0 ? "none: this host starts the cluster" : string.Join(", ", cluster.SeedNodes));
            return new ClusterHosting(cluster, socket, relay, system, log);
        }
        catch
        {
            relay?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts the membership actor; <paramref name="removed"/> runs once if this host is downed or its cluster system ends unasked.</summary>
    public void StartMembership(Action removed)
    {
        var once = 0;
        void Removed()
        {
            if (Interlocked.Exchange(ref once, 1) == 0 && Volatile.Read(ref _leaving) == 0)
            {
                ClusterHostingLog.Removed(_log, SelfAddress);
                removed();
            }
        }

        _membership = _system.StartMembership(Hosts, _relay.CloseAllTo, Removed, view => Volatile.Write(ref _lastView, ToStatus(view)));
        _ = _system.WhenTerminated.ContinueWith(_ => Removed(), TaskScheduler.Default);
    }

    /// <summary>Serves what other hosts forward here: <paramref name="dispatchLocal"/> is the dispatcher's local path.</summary>
    public void Serve(Action<AcceptedConnection> dispatchLocal)
    {
        _listener = new ForwardListener(_forwardSocket, _relay, _settings.Secret, IsMember, dispatchLocal, _counters, _log, _settings.Forward.HandshakeTimeout);
        _listener.Start();
    }

    /// <summary>Joins the seed nodes, or starts the cluster alone when there are none; completes when this host is Up.</summary>
    public Task JoinAsync()
    {
        var cluster = Akka.Cluster.Cluster.Get(_system.System);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        if (_settings.SeedNodes.Count == 0)
        {
            cluster.Join(cluster.SelfAddress);
        }
        else
        {
            // akka.tcp:// and akka.ssl.tcp:// both name a seed; join over the protocol this host speaks.
            var protocol = cluster.SelfAddress.Protocol;
            cluster.JoinSeedNodes(_settings.SeedNodes.Select(Address.Parse).Select(a => new Address(protocol, a.System, a.Host, a.Port)));
        }

        return up.Task;
    }

    /// <summary>The members and forwarding counters for the status.</summary>
    public async Task<ClusterStatus> AddToAsync(ClusterStatus status, TimeSpan timeout)
    {
        var view = await _membership.Ask<ClusterView>(GetClusterView.Instance, timeout).ConfigureAwait(false);
        return status with { Hosts = ToStatus(view), Forwarding = ForwardingNow() };
    }

    /// <summary>The forwarding counters now (for the status and the meter).</summary>
    public ForwardingStatus ForwardingNow()
    {
        var counters = _counters.Snapshot();
        return new ForwardingStatus(counters.ForwardedOut, counters.ForwardedIn, counters.ForwardFailures, counters.RejectedInbound, counters.OpenPairs, counters.BytesClientToOwner, counters.BytesOwnerToClient);
    }

    /// <summary>Connections this host forwards to other hosts, open now.</summary>
    public long OpenForwarded => _counters.Snapshot().OpenPairs;

    /// <summary>The members as of the last membership change; null before the first (for the meter).</summary>
    public IReadOnlyList<HostStatus>? HostsNow() => Volatile.Read(ref _lastView);

    private static HostStatus[] ToStatus(ClusterView view) =>
        view.Members.Select(m => new HostStatus(m.Address, m.Status, m.Reachable, m.Weight, m.ForwardEndPoint ?? string.Empty, m.OwnedBuckets, m.IsSelf)).ToArray();

    /// <summary>
    /// Leaves the cluster, so the others take this host's buckets at once. First the forward listener
    /// closes (a host still sending here is refused and sends to the bucket's runner-up, as it will
    /// once this host is gone), and this host's own table drops itself (what still arrives here goes
    /// to the runner-ups too): each client of this host moves once, to the same host whichever host
    /// its connection arrives at. Forwarding out goes on until <see cref="DisposeAsync"/>.
    /// </summary>
    public async Task LeaveAsync()
    {
        if (Interlocked.Exchange(ref _leaving, 1) == 1)
        {
            return;
        }

        _listener?.Dispose();
        _listener = null;
        _forwardSocket.Dispose();
        var table = Hosts.Current;
        if (!table.IsLocal)
        {
            Hosts.Publish(HostRendezvous.Compute(table.Hosts.Where(h => !h.IsSelf), table.Buckets, table.Version + 1));
        }

        await _system.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Leaves (if not yet) and stops forwarding: after the workers drained.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await LeaveAsync().ConfigureAwait(false);
        }
        finally
        {
            _relay.Dispose();
        }
    }

    /// <summary>
    /// The peer is a member's forward address: any member the membership knows (a host that is
    /// joining, or Up but not yet owning buckets, forwards what it accepts to the owners).
    /// </summary>
    private bool IsMember(IPAddress peer)
    {
        foreach (var host in Volatile.Read(ref _lastView) ?? [])
        {
            if (IPEndPoint.TryParse(host.ForwardEndPoint, out var forward) && forward.Address.Equals(peer))
            {
                return true;
            }
        }

        return false;
    }
}
