using System.Text;
using StickyActors.Configuration;

namespace StickyActors.Hosting;

/// <summary>Several masters on several hosts as one service (<c>cluster</c>).</summary>
public sealed partial class StickyActorsOptions
{
    /// <summary>Whether this master joins a cluster of masters (<c>cluster.enabled</c>). Defaults to false.</summary>
    public bool? ClusterEnabled { get; set; }

    /// <summary>Address the cluster's Akka.Remote binds; empty means the DNS host name (<c>cluster.hostname</c>). Defaults to empty.</summary>
    public string? ClusterHostname { get; set; }

    /// <summary>Address the other hosts reach this one at; empty means <see cref="ClusterHostname"/> (<c>cluster.public-hostname</c>). Defaults to empty.</summary>
    public string? ClusterPublicHostname { get; set; }

    /// <summary>Akka.Remote port of the cluster (<c>cluster.port</c>). Defaults to 4053.</summary>
    public int? ClusterPort { get; set; }

    /// <summary>Addresses to join, <c>akka.tcp://sticky-actors-cluster@host:port</c> (<c>cluster.seed-nodes</c>). Defaults to none.</summary>
    public IList<string>? ClusterSeedNodes { get; set; }

    /// <summary>IP address of the forward listener; empty means <see cref="ClusterHostname"/> (<c>cluster.forward.address</c>). Defaults to empty.</summary>
    public string? ClusterForwardAddress { get; set; }

    /// <summary>Port of the forward listener (<c>cluster.forward.port</c>). Defaults to 4054.</summary>
    public int? ClusterForwardPort { get; set; }

    /// <summary>Threads copying forwarded connections (<c>cluster.forward.threads</c>). Defaults to 1.</summary>
    public int? ClusterForwardThreads { get; set; }

    /// <summary>Time to reach the owning host (<c>cluster.forward.connect-timeout</c>). Defaults to 2 s.</summary>
    public TimeSpan? ClusterForwardConnectTimeout { get; set; }

    /// <summary>Time for the authenticated greeting between two hosts (<c>cluster.forward.handshake-timeout</c>). Defaults to 2 s.</summary>
    public TimeSpan? ClusterForwardHandshakeTimeout { get; set; }

    /// <summary>Idle time after which a forwarded connection is closed; 0 never (<c>cluster.forward.idle-timeout</c>). Defaults to 0.</summary>
    public TimeSpan? ClusterForwardIdleTimeout { get; set; }

    /// <summary>Shared secret of the hosts, at least 32 bytes (<c>cluster.secret</c>). Defaults to empty.</summary>
    public string? ClusterSecret { get; set; }

    /// <summary>File holding the shared secret; wins over <see cref="ClusterSecret"/> (<c>cluster.secret-file</c>). Defaults to empty.</summary>
    public string? ClusterSecretFile { get; set; }

    /// <summary>PKCS#12 file with this host's certificate and key (<c>cluster.tls.certificate-path</c>). Defaults to empty.</summary>
    public string? ClusterCertificatePath { get; set; }

    /// <summary>Password of <see cref="ClusterCertificatePath"/> (<c>cluster.tls.certificate-password</c>). Defaults to empty.</summary>
    public string? ClusterCertificatePassword { get; set; }

    /// <summary>SHA-256 or SHA-1 fingerprints of the peers' certificates; none means only the own one (<c>cluster.tls.trusted-thumbprints</c>). Defaults to none.</summary>
    public IList<string>? ClusterTrustedThumbprints { get; set; }

    /// <summary>Also require a chain to a trusted root (<c>cluster.tls.validate-chain</c>). Defaults to false.</summary>
    public bool? ClusterValidateChain { get; set; }

    /// <summary>Run without TLS on loopback addresses only (<c>cluster.insecure-loopback-only</c>). Defaults to false.</summary>
    public bool? ClusterInsecureLoopbackOnly { get; set; }

    /// <summary>Who stays up in a split brain (<c>cluster.split-brain-resolver.active-strategy</c>). Defaults to <see cref="SplitBrainStrategy.KeepMajority"/>.</summary>
    public SplitBrainStrategy? ClusterSplitBrainStrategy { get; set; }

    /// <summary>Stable membership time before the resolver decides (<c>cluster.split-brain-resolver.stable-after</c>). Defaults to 20 s.</summary>
    public TimeSpan? ClusterSplitBrainStableAfter { get; set; }

    /// <summary>Hosts a side needs with static-quorum (<c>cluster.split-brain-resolver.quorum-size</c>). Defaults to 0.</summary>
    public int? ClusterQuorumSize { get; set; }

    /// <summary>Failure detector heartbeat interval (<c>cluster.failure-detector.heartbeat-interval</c>). Defaults to 1 s.</summary>
    public TimeSpan? ClusterHeartbeatInterval { get; set; }

    /// <summary>Heartbeat pause tolerated before a host is unreachable (<c>cluster.failure-detector.acceptable-heartbeat-pause</c>). Defaults to 3 s.</summary>
    public TimeSpan? ClusterAcceptableHeartbeatPause { get; set; }

    /// <summary>This host's share of the buckets; 0 means its worker count (<c>cluster.weight</c>). Defaults to 0.</summary>
    public int? ClusterWeight { get; set; }

    private void BuildCluster(StringBuilder sb)
    {
        Set(sb, "cluster.enabled", Switch(ClusterEnabled));
        Set(sb, "cluster.hostname", Quote(ClusterHostname));
        Set(sb, "cluster.public-hostname", Quote(ClusterPublicHostname));
        Set(sb, "cluster.port", Number(ClusterPort));
        Set(sb, "cluster.seed-nodes", List(ClusterSeedNodes));
        Set(sb, "cluster.forward.address", Quote(ClusterForwardAddress));
        Set(sb, "cluster.forward.port", Number(ClusterForwardPort));
        Set(sb, "cluster.forward.threads", Number(ClusterForwardThreads));
        Set(sb, "cluster.forward.connect-timeout", Duration(ClusterForwardConnectTimeout));
        Set(sb, "cluster.forward.handshake-timeout", Duration(ClusterForwardHandshakeTimeout));
        Set(sb, "cluster.forward.idle-timeout", Duration(ClusterForwardIdleTimeout));
        Set(sb, "cluster.secret", Quote(ClusterSecret));
        Set(sb, "cluster.secret-file", Quote(ClusterSecretFile));
        Set(sb, "cluster.tls.certificate-path", Quote(ClusterCertificatePath));
        Set(sb, "cluster.tls.certificate-password", Quote(ClusterCertificatePassword));
        Set(sb, "cluster.tls.trusted-thumbprints", List(ClusterTrustedThumbprints));
        Set(sb, "cluster.tls.validate-chain", Switch(ClusterValidateChain));
        Set(sb, "cluster.insecure-loopback-only", Switch(ClusterInsecureLoopbackOnly));
        Set(sb, "cluster.split-brain-resolver.active-strategy", Kebab(ClusterSplitBrainStrategy));
        Set(sb, "cluster.split-brain-resolver.stable-after", Duration(ClusterSplitBrainStableAfter));
        Set(sb, "cluster.split-brain-resolver.quorum-size", Number(ClusterQuorumSize));
        Set(sb, "cluster.failure-detector.heartbeat-interval", Duration(ClusterHeartbeatInterval));
        Set(sb, "cluster.failure-detector.acceptable-heartbeat-pause", Duration(ClusterAcceptableHeartbeatPause));
        Set(sb, "cluster.weight", Number(ClusterWeight));
    }
}
