using System.Net;

namespace StickyActors.Kestrel;

/// <summary>
/// The endpoint Kestrel "binds" in a worker: not an address, but the stream of sockets the master
/// hands this worker. It prints as the master's public endpoint and the worker: <c>[::]:3000 (worker 1)</c>.
/// </summary>
public sealed class StickyEndPoint : EndPoint
{
    /// <summary>Creates the endpoint of worker <paramref name="workerId"/>.</summary>
    /// <param name="workerId">The worker's id.</param>
    public StickyEndPoint(int workerId)
        : this(workerId, publicEndPoint: null)
    {
    }

    /// <summary>Creates the endpoint of worker <paramref name="workerId"/> behind the master's <paramref name="publicEndPoint"/>.</summary>
    /// <param name="workerId">The worker's id.</param>
    /// <param name="publicEndPoint">Where the master accepts the connections; null when not known.</param>
    public StickyEndPoint(int workerId, EndPoint? publicEndPoint)
    {
        WorkerId = workerId;
        PublicEndPoint = publicEndPoint;
    }

    /// <summary>The worker's id.</summary>
    public int WorkerId { get; }

    /// <summary>Where the master accepts the connections this worker serves; null when not known.</summary>
    public EndPoint? PublicEndPoint { get; }

    /// <inheritdoc />
    public override string ToString() =>
        PublicEndPoint is null ? $"sticky-actors://worker/{WorkerId}" : $"{PublicEndPoint} (worker {WorkerId})";
}
