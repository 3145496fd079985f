using StickyActors.Handoff;

namespace StickyActors.Routing;

/// <summary>
/// Sends an accepted connection whose bucket another host owns to that host's forward listener,
/// then copies bytes both ways until either side is done. Never blocks the calling (accept) thread.
/// </summary>
internal interface IConnectionForwarder
{
    /// <summary>
    /// Takes ownership of <paramref name="connection"/>. If the owner cannot be reached or refuses
    /// before it took the connection, <paramref name="fallback"/> gets it back intact (nothing of the
    /// client's stream consumed beyond <see cref="AcceptedConnection.Preamble"/>), on a forwarding thread.
    /// </summary>
    void Forward(AcceptedConnection connection, HostEntry owner, Action<AcceptedConnection> fallback);

    /// <summary>Closes every forwarded connection to <paramref name="hostId"/> (it left the cluster).</summary>
    void CloseAllTo(string hostId);
}
