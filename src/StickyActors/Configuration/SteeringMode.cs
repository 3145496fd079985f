namespace StickyActors.Configuration;

/// <summary>Who picks each new connection's worker (<c>sticky-actors.listen.steering</c>).</summary>
public enum SteeringMode
{
    /// <summary>
    /// The master accepts every connection, hashes its client and hands the socket to the worker.
    /// Works for every affinity key and with PROXY protocol.
    /// </summary>
    Master,

    /// <summary>
    /// The kernel: one listening socket per worker slot in one SO_REUSEPORT group, and a classic BPF
    /// program (generated from the routing table) that picks the slot's socket for each SYN; the
    /// master is out of the per-connection path. Only for the client-IP and IP-prefix keys without
    /// PROXY protocol, on Linux; the start fails where it is not possible.
    /// </summary>
    Kernel,

    /// <summary><see cref="Kernel"/> where it is possible, else <see cref="Master"/>.</summary>
    Auto,
}
