using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StickyActors.IntegrationTests;

/// <summary>One HTTP GET on a fresh connection from a chosen loopback source address.</summary>
internal static class HttpProbe
{
    public static Task<HelloAnswer> GetAsync(IPAddress source, int port, TimeSpan timeout) =>
        SendAsync(source, port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout);

    /// <summary>One GET from <paramref name="source"/> to <paramref name="target"/> (a host of a cluster on its own loopback address).</summary>
    public static Task<HelloAnswer> GetAsync(IPAddress source, IPEndPoint target, TimeSpan timeout) =>
        SendAsync(source, target, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout);

    /// <summary>Sends <paramref name="request"/> on a fresh connection from <paramref name="source"/> and reads the answer to the end.</summary>
    public static Task<HelloAnswer> SendAsync(IPAddress source, int port, byte[] request, TimeSpan timeout) =>
        SendAsync(source, new IPEndPoint(IPAddress.Loopback, port), request, timeout);

    private static async Task<HelloAnswer> SendAsync(IPAddress source, IPEndPoint target, byte[] request, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(target, cts.Token);
        await socket.SendAsync(request, cts.Token);
        var response = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, cts.Token)) > 0)
        {
            response.Write(buffer, 0, read);
        }

        return HelloAnswer.Parse(Encoding.ASCII.GetString(response.ToArray()));
    }

    /// <summary>Sources 127.0.{block}.1 … 127.0.{block}.{count}.</summary>
    public static IPAddress[] Sources(int block, int count) =>
        Enumerable.Range(1, count).Select(i => new IPAddress(new byte[] { 127, 0, (byte)block, (byte)i })).ToArray();
}
