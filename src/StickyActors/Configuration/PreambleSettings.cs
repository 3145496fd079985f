namespace StickyActors.Configuration;

/// <summary>Reading a client's preamble in the master (<c>sticky-actors.preamble</c>).</summary>
/// <param name="Timeout">Deadline for the whole preamble. Defaults to 5 s.</param>
/// <param name="MaxPending">Connections in preamble state at once. Defaults to 1024.</param>
/// <param name="MaxRequestHead">Largest HTTP request head read. Defaults to 8192.</param>
public sealed record PreambleSettings(TimeSpan Timeout, int MaxPending, int MaxRequestHead)
{
    /// <summary>
    /// Connections in preamble state at once from one source address (IPv6: its /64), so one source
    /// cannot take the pool (<c>preamble.max-pending-per-source</c>; 0 there means a sixteenth of
    /// <see cref="MaxPending"/>, at least 1). Defaults to 64. Peers in the trusted proxies are exempt
    /// when PROXY protocol is on.
    /// </summary>
    public int MaxPendingPerSource { get; init; } = 64;
}
