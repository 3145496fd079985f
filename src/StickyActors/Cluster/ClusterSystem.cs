using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.ControlPlane;
using StickyActors.Routing;

namespace StickyActors.Cluster;

/// <summary>
/// The masters' cluster actor system (<see cref="ClusterSettings.SystemName"/>), separate from the
/// loopback control plane: Akka.Cluster over DotNetty TCP with mutual TLS and pinned certificates
/// (see <see cref="ClusterCertificate"/>), Akka's split brain resolver, and Akka's logs in
/// Microsoft.Extensions.Logging. A downed host's system shuts itself down but never exits the
/// process: <see cref="WhenTerminated"/> tells the master. Akka.Remote also shuts the system down when
/// a TLS handshake this host started fails (a seed presenting an untrusted certificate), so the
/// master must treat any termination it did not ask for as "this host left the cluster".
/// </summary>
internal sealed class ClusterSystem : IAsyncDisposable
{
    private readonly ClusterCertificate? _certificate;

    private ClusterSystem(ActorSystem system, ClusterCertificate? certificate, HostIdentity identity, ClusterSettings settings)
    {
        System = system;
        _certificate = certificate;
        Identity = identity;
        Settings = settings;
    }

    public ActorSystem System { get; }

    public HostIdentity Identity { get; }

    public ClusterSettings Settings { get; }

    /// <summary>This host's cluster address (with the bound port when <c>cluster.port = 0</c>): its <see cref="HostEntry.Id"/>.</summary>
    public Address SelfAddress => Akka.Cluster.Cluster.Get(System).SelfAddress;

    public Task WhenTerminated => System.WhenTerminated;

    /// <summary>
    /// Starts the cluster system; with <c>cluster.seed-nodes</c> it joins them on its own. A
    /// certificate that cannot be loaded throws <see cref="StickyActorsConfigurationException"/> naming the key.
    /// </summary>
    /// <param name="settings">The validated cluster settings (enabled).</param>
    /// <param name="identity">This host's forward endpoint (as bound), weight and routing parameters.</param>
    /// <param name="loggerFactory">Where Akka's and the membership's logs go.</param>
    /// <param name="overrides">Akka settings laid over the generated ones (tests: a host that vanishes without leaving).</param>
    public static ClusterSystem Create(ClusterSettings settings, HostIdentity identity, ILoggerFactory loggerFactory, Config? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var certificate = settings.Tls.IsEnabled ? ClusterCertificate.Load(settings.Tls) : null;
        try
        {
            var config = (overrides ?? Config.Empty).WithFallback(ControlPlaneConfig.LoggingBridge).WithFallback(ControlPlaneTuning.Scheduler)
                .WithFallback(ClusterConfig.Create(settings, identity, certificate is not null));
            ActorSystemSetup setup = BootstrapSetup.Create().WithConfig(config).And(new LoggerFactorySetup(new TransportLogGate(loggerFactory)));
            if (certificate is not null)
            {
                setup = setup.And(certificate.SslSetup());
            }

            var system = ControlPlaneSystem.Create(ClusterSettings.SystemName, setup);
            var cluster = new ClusterSystem(system, certificate, identity, settings);
            ClusterLog.Started(
                loggerFactory.CreateLogger(MembershipActor.LogCategory),
                cluster.SelfAddress.ToString(),
                certificate is null ? "WITHOUT TLS: insecure-loopback-only" : $"mutual TLS, certificate SHA-256 {ClusterCertificate.Sha256(certificate.Certificate)}",
                string.Join(", ", identity.ToRoles()),
                string.Join(", ", settings.SeedNodes));
            return cluster;
        }
        catch
        {
            certificate?.Dispose();
            throw;
        }
    }

    /// <summary>Joins the cluster at <paramref name="address"/> (its own <see cref="SelfAddress"/> starts a new one); completes once this host is Up.</summary>
    public Task JoinAsync(Address address, CancellationToken cancellationToken = default) =>
        Akka.Cluster.Cluster.Get(System).JoinAsync(address, cancellationToken);

    /// <summary>Starts the membership actor publishing to <paramref name="holder"/>.</summary>
    public IActorRef StartMembership(HostTableHolder holder, Action<string> hostLeft, Action selfDowned, Action<ClusterView>? viewChanged = null) =>
        System.ActorOf(MembershipActor.Props(holder, Identity, Settings.SplitBrainResolver.Strategy, hostLeft, selfDowned, viewChanged), "membership");

    /// <summary>Leaves the cluster gracefully (others take the buckets at once) and stops the system.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).ConfigureAwait(false);
            await System.WhenTerminated.ConfigureAwait(false);
        }
        finally
        {
            _certificate?.Dispose();
        }
    }
}
