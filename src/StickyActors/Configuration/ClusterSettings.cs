namespace StickyActors.Configuration;

/// <summary>
/// Several masters on several hosts as one service (<c>sticky-actors.cluster</c>): the masters form
/// an Akka.Cluster and every host computes the same bucket-to-host table from the membership.
/// </summary>
/// <param name="Enabled">Whether this master joins a cluster. Defaults to false.</param>
/// <param name="Hostname">Address Akka.Remote binds; empty means the machine's DNS host name. Defaults to empty.</param>
/// <param name="PublicHostname">Address the other hosts reach this one at. Defaults to <paramref name="Hostname"/>.</param>
/// <param name="Port">Akka.Remote port of the cluster; 0 picks a free one. Defaults to 4053.</param>
/// <param name="SeedNodes">Addresses (<c>akka.tcp://sticky-actors-cluster@host:port</c>) to join. Defaults to none.</param>
/// <param name="Forward">The forward listener.</param>
/// <param name="Tls">Mutual TLS between the hosts.</param>
/// <param name="SplitBrainResolver">Who stays up when the hosts lose sight of each other.</param>
public sealed record ClusterSettings(
    bool Enabled,
    string Hostname,
    string PublicHostname,
    int Port,
    IReadOnlyList<string> SeedNodes,
    ClusterForwardSettings Forward,
    ClusterTlsSettings Tls,
    SplitBrainSettings SplitBrainResolver)
{
    /// <summary>The Akka actor system name of the cluster; every host and seed node uses it.</summary>
    public const string SystemName = "sticky-actors-cluster";

    /// <summary>Run without TLS, every address being a loopback address (tests). Defaults to false.</summary>
    public bool InsecureLoopbackOnly { get; init; }

    /// <summary>
    /// The shared secret authenticating forwarded connections (from <c>cluster.secret-file</c> when set,
    /// else <c>cluster.secret</c>, as UTF-8); at least 32 bytes when the cluster is enabled. Defaults to empty.
    /// </summary>
    public ReadOnlyMemory<byte> Secret { get; init; }

    /// <summary>The file the secret was read from (<c>cluster.secret-file</c>); empty when it came from <c>cluster.secret</c>. Defaults to empty.</summary>
    public string SecretFile { get; init; } = string.Empty;

    /// <summary>Interval of the failure detector's heartbeats. Defaults to 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Heartbeat pause the failure detector tolerates before a host is unreachable. Defaults to 3 s.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>This host's share of the buckets relative to the others'; 0 means its worker count. Defaults to 0.</summary>
    public int Weight { get; init; }

    /// <summary>Without the secret, which must not reach a log.</summary>
    public override string ToString() =>
        $"{nameof(ClusterSettings)} {{ {nameof(Enabled)} = {Enabled}, {nameof(Hostname)} = {Hostname}, {nameof(PublicHostname)} = {PublicHostname}, "
        + $"{nameof(Port)} = {Port}, {nameof(SeedNodes)} = [{string.Join(", ", SeedNodes)}], {nameof(Forward)} = {Forward}, {nameof(Tls)} = {Tls}, "
        + $"{nameof(SplitBrainResolver)} = {SplitBrainResolver}, {nameof(InsecureLoopbackOnly)} = {InsecureLoopbackOnly}, {nameof(Secret)} = ({Secret.Length} bytes), "
        + $"{nameof(HeartbeatInterval)} = {HeartbeatInterval}, {nameof(AcceptableHeartbeatPause)} = {AcceptableHeartbeatPause}, {nameof(Weight)} = {Weight} }}";
}
