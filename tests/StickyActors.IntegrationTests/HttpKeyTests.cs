using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StickyActors.IntegrationTests;

/// <summary>Affinity by an HTTP cookie: the master reads the request head, the worker replays it.</summary>
public sealed class HttpKeyTests
{
    // The same session from many addresses on one worker, with the replayed request compared byte
    // for byte: RequestReplayTests.CookieKey_SameSessionFromManyAddresses_AlwaysTheSameWorkerAndIntactBytes.

    [Fact]
    public async Task CookieKey_NonHttpBytes_GetA400AndAreCounted()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 1, """
            sticky-actors.affinity { key = cookie, name = sid }
            """);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, cluster.Port));

        await socket.SendAsync("\u0016\u0003\u0001 not http at all\r\n\r\n"u8.ToArray());
        var buffer = new byte[256];
        var read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        Assert.Contains("\"MalformedRequest\":1", (await cluster.StatusAsync()).Raw, StringComparison.Ordinal);
        Assert.Equal(200, (await HttpProbe.GetAsync(IPAddress.Loopback, cluster.Port, TimeSpan.FromSeconds(10))).Status);
    }
}
