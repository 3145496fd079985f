using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StickyActors.IntegrationTests;

/// <summary>Affinity by an HTTP cookie: the master reads the request head, the worker replays it.</summary>
public sealed class HttpKeyTests
{
    [Fact]
    public async Task CookieKey_SameSessionFromManyAddresses_OneWorkerAndTheRequestArrivesIntact()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, """
            sticky-actors.affinity { key = cookie, name = sid }
            """);
        await StickinessTests.WaitBalancedAsync(cluster);

        var workersBySession = new Dictionary<string, HashSet<int>>();
        for (var session = 0; session < 16; session++)
        {
            var sid = $"session-{session}";
            workersBySession[sid] = [];
            for (var source = 1; source <= 4; source++)
            {
                var answer = await GetAsync(IPAddress.Parse($"127.0.30.{(session * 4) + source}"), cluster.Port, sid);
                Assert.Equal(200, answer.Status);
                workersBySession[sid].Add(answer.WorkerId);
            }
        }

        Assert.All(workersBySession.Values, workers => Assert.Single(workers));
        Assert.Equal(2, workersBySession.Values.Select(w => w.Single()).Distinct().Count());
    }

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

    private static Task<HelloAnswer> GetAsync(IPAddress source, int port, string sid) =>
        HttpProbe.SendAsync(source, port, Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: x\r\nCookie: theme=dark; sid={sid}\r\nConnection: close\r\n\r\n"), TimeSpan.FromSeconds(10));
}
