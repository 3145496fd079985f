using System.Net;
using System.Net.Sockets;

namespace StickyActors.Transport;

/// <summary>
/// A client connection the master handed to this worker. The worker owns <see cref="Socket"/> and
/// must dispose it (disposing the connection does).
/// </summary>
public sealed class StickyConnection : IDisposable
{
    internal StickyConnection(Socket socket, IPEndPoint? remoteEndPoint, ReadOnlyMemory<byte> preamble)
    {
        Socket = socket;
        RemoteEndPoint = remoteEndPoint;
        Preamble = preamble;
    }

    /// <summary>The connected client socket.</summary>
    public Socket Socket { get; }

    /// <summary>
    /// The client as the master saw it (or as a trusted PROXY protocol header said): use this, not
    /// <c>Socket.RemoteEndPoint</c>, which behind a proxy is the proxy.
    /// </summary>
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>
    /// Bytes the master already read from the client (for routing) that the application must see
    /// first; empty unless the affinity key was read from the stream.
    /// </summary>
    public ReadOnlyMemory<byte> Preamble { get; }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => Socket.Dispose();
}
