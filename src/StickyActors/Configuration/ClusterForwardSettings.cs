namespace StickyActors.Configuration;

/// <summary>The forward listener other hosts send this host's connections to (<c>sticky-actors.cluster.forward</c>).</summary>
/// <param name="Address">IP address it binds and the others connect to. Defaults to the cluster hostname.</param>
/// <param name="Port">Its port. Defaults to 4054.</param>
/// <param name="Threads">Threads copying forwarded bytes. Defaults to 1.</param>
/// <param name="ConnectTimeout">Time to reach an owner before the connection stays here. Defaults to 2 s.</param>
/// <param name="HandshakeTimeout">Time for the authenticated greeting between two hosts. Defaults to 2 s.</param>
/// <param name="IdleTimeout">Idle time after which a forwarded connection is closed; zero never. Defaults to 0.</param>
public sealed record ClusterForwardSettings(
    string Address,
    int Port,
    int Threads,
    TimeSpan ConnectTimeout,
    TimeSpan HandshakeTimeout,
    TimeSpan IdleTimeout);
