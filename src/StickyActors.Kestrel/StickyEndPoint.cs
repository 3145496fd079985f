using System.Net;

namespace StickyActors.Kestrel;

/// <summary>
/// The endpoint Kestrel "binds" in a worker: not an address, but the stream of sockets the master
/// hands this worker.
/// </summary>
public sealed class StickyEndPoint : EndPoint
{
    /// <summary>Creates the endpoint of worker <paramref name="workerId"/>.</summary>
    /// <param name="workerId">The worker's id.</param>
    public StickyEndPoint(int workerId) => WorkerId = workerId;

    /// <summary>The worker's id.</summary>
    public int WorkerId { get; }

    /// <inheritdoc />
    public override string ToString() => $"sticky-actors://worker/{WorkerId}";
}
