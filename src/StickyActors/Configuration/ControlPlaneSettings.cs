namespace StickyActors.Configuration;

/// <summary>The master-worker control plane over Akka.Remote (<c>sticky-actors.control-plane</c>).</summary>
/// <param name="Hostname">Loopback address to bind. Defaults to 127.0.0.1.</param>
/// <param name="Port">Port; 0 picks a free one. Defaults to 0.</param>
/// <param name="MasterLostTimeout">How long a worker waits for a lost master before exiting. Defaults to 2 s.</param>
public sealed record ControlPlaneSettings(string Hostname, int Port, TimeSpan MasterLostTimeout)
{
    /// <summary>
    /// A running worker that answers none of the master's pings for this long is declared down and
    /// killed (<c>control-plane.unresponsive-after</c>; pings go out every third of it). Defaults to 10 s.
    /// </summary>
    public TimeSpan UnresponsiveAfter { get; init; } = TimeSpan.FromSeconds(10);
}
