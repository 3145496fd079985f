using System.Net;
using System.Net.Sockets;

namespace StickyActors.Worker;

/// <summary>
/// A client connection the master handed to this worker. The worker owns <see cref="Socket"/> and
/// must dispose it (disposing the connection does).
/// </summary>
public sealed class StickyConnection : IDisposable
{
    private readonly BucketSessions? _sessions;
    private readonly int _bucket;
    private int _released;

    internal StickyConnection(Socket socket, IPEndPoint? remoteEndPoint, ReadOnlyMemory<byte> preamble, int bucket = 0, BucketSessions? sessions = null)
    {
        Socket = socket;
        RemoteEndPoint = remoteEndPoint;
        Preamble = preamble;
        _bucket = bucket;
        _sessions = sessions;
        sessions?.Opened(bucket);
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
    public void Dispose()
    {
        Socket.Dispose();
        ReleaseSession();
    }

    /// <summary>
    /// Says the connection is over (its socket closed or about to be), so it no longer keeps its
    /// client's bucket at this worker. For code that hands <see cref="Socket"/> to something else
    /// that closes it (as the Kestrel transport does); <see cref="Dispose"/> does it too. Idempotent.
    /// </summary>
    public void ReleaseSession()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _sessions?.Closed(_bucket);
        }
    }
}
