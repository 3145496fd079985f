using System.Net;
using System.Net.Sockets;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// An HTTP handler whose every connection comes from one loopback source address (any of
/// 127.0.0.0/8 works without setup on Linux): bind the socket to it, then connect. The master
/// hashes that address, so each such client is a different client to it.
/// </summary>
internal static class SourceBoundHandler
{
    public static SocketsHttpHandler Create(IPAddress source) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                var target = new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port);
                await socket.ConnectAsync(target, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>A client from <paramref name="source"/> with a bounded timeout per request.</summary>
    public static HttpClient Client(IPAddress source, Uri baseUri) =>
        new(Create(source)) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
}
