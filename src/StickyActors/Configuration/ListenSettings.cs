using System.Net;

namespace StickyActors.Configuration;

/// <summary>The public listener (<c>sticky-actors.listen</c>).</summary>
/// <param name="Address">Address to bind. Defaults to <c>::</c> (dual-stack).</param>
/// <param name="Port">TCP port; 0 picks a free one. Defaults to 3000.</param>
/// <param name="Backlog">listen(2) backlog. Defaults to 511.</param>
/// <param name="AcceptThreads">Threads blocked in accept(2). Defaults to 1.</param>
public sealed record ListenSettings(IPAddress Address, int Port, int Backlog, int AcceptThreads)
{
    /// <summary>What the listener speaks, so the master can answer a connection no worker can take (<c>listen.protocol</c>). Defaults to <see cref="ListenProtocol.Tcp"/>.</summary>
    public ListenProtocol Protocol { get; init; }

    /// <summary>Who picks each new connection's worker: the master or the kernel. Defaults to <see cref="SteeringMode.Auto"/>.</summary>
    public SteeringMode Steering { get; init; } = SteeringMode.Auto;
}
