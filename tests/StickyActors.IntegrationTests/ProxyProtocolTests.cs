using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.IntegrationTests;

/// <summary>A load balancer in front: PROXY protocol headers, IPv6 prefixes, slow and bad clients.</summary>
public sealed class ProxyProtocolTests
{
    private static readonly TimeSpan s_request = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ProxyV1AndV2_ManyClientAddresses_StickPerAddressAndWorkerSeesTheRealClient()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, "sticky-actors.listen.proxy-protocol = required");
        await StickinessTests.WaitBalancedAsync(cluster);
        var clients = Enumerable.Range(1, 30).Select(i => IPAddress.Parse($"203.0.113.{i}")).ToArray();

        var workers = new Dictionary<IPAddress, int>();
        foreach (var client in clients)
        {
            var v1 = await GetViaProxyAsync(cluster.Port, ProxyHeaders.V1(client, 40000));
            var v2 = await GetViaProxyAsync(cluster.Port, ProxyHeaders.V2(client, 40001));
            Assert.Equal(client.ToString(), v1.ClientAddress);
            Assert.Equal(client.ToString(), v2.ClientAddress);
            Assert.Equal(v1.WorkerId, v2.WorkerId);
            workers[client] = v1.WorkerId;
        }

        foreach (var client in clients)
        {
            Assert.Equal(workers[client], (await GetViaProxyAsync(cluster.Port, ProxyHeaders.V2(client, 40002))).WorkerId);
        }

        Assert.Equal(2, workers.Values.Distinct().Count());
    }

    [Fact]
    public async Task IpPrefixKey_Ipv6ClientsInOneSlash64_ShareAWorker()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, """
            sticky-actors.listen.proxy-protocol = required
            sticky-actors.affinity.key = ip-prefix
            """);
        await StickinessTests.WaitBalancedAsync(cluster);

        var perNetwork = new List<int>();
        for (var network = 1; network <= 12; network++)
        {
            var seen = new HashSet<int>();
            for (var host = 1; host <= 5; host++)
            {
                var client = IPAddress.Parse($"2001:db8:{network:x}:1:{host * 4099:x}:{host:x}::{host}");
                var answer = await GetViaProxyAsync(cluster.Port, ProxyHeaders.V2(client, 1000));
                Assert.Equal(client.ToString(), answer.ClientAddress);
                seen.Add(answer.WorkerId);
            }

            perNetwork.Add(Assert.Single(seen));
        }

        Assert.Equal(2, perNetwork.Distinct().Count());
    }

    [Fact]
    public async Task SilentAndMalformedClients_OnlyThoseAreClosedAndCounted_OthersAreNotDelayed()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, """
            sticky-actors.listen.proxy-protocol = required
            sticky-actors.preamble.timeout = 2s
            """);
        // The same requests without silent clients first: the baseline of this machine right now.
        var baseline = await LatenciesAsync(cluster.Port);
        var silent = new List<Socket>();
        for (var i = 0; i < 200; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, cluster.Port));
            silent.Add(socket);
        }

        var malformed = await SendRawAsync(cluster.Port, "PROXY TCP4 999.1.1.1 10.0.0.1 1 2\r\nGET / HTTP/1.1\r\n\r\n"u8.ToArray());
        var latencies = await LatenciesAsync(cluster.Port);

        var silentClosed = 0;
        foreach (var socket in silent)
        {
            var read = await socket.ReceiveAsync(new byte[1]).WaitAsync(TimeSpan.FromSeconds(15));
            silentClosed += read == 0 ? 1 : 0;
            socket.Dispose();
        }

        var p99 = P99(latencies);
        var baselineP99 = P99(baseline);
        Assert.Equal(0, malformed);
        Assert.Equal(200, silentClosed);
        Assert.True(p99 < baselineP99 + 1000, $"p99 of well-behaved clients was {p99:F1} ms with 200 silent clients pending, {baselineP99:F1} ms without");
        var status = await cluster.StatusAsync();
        Assert.Contains("\"Timeout\":200", status.Raw, StringComparison.Ordinal);
        Assert.Contains("\"MalformedProxyHeader\":1", status.Raw, StringComparison.Ordinal);
    }

    /// <summary>The latencies (ms) of 100 well-behaved PROXY v1 requests, each asserted to succeed.</summary>
    private static async Task<List<double>> LatenciesAsync(int port)
    {
        var latencies = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var clock = Stopwatch.StartNew();
            var answer = await GetViaProxyAsync(port, ProxyHeaders.V1(IPAddress.Parse($"198.51.100.{(i % 200) + 1}"), 1234));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(200, answer.Status);
        }

        return latencies;
    }

    private static double P99(List<double> latencies) => latencies.Order().ElementAt((int)(latencies.Count * 0.99) - 1);

    private static Task<HelloAnswer> GetViaProxyAsync(int port, byte[] header) =>
        HttpProbe.SendAsync(IPAddress.Loopback, port, header.Concat("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray()).ToArray(), s_request);

    /// <summary>Sends bytes and returns how many the server answered before closing (or resetting).</summary>
    private static async Task<int> SendRawAsync(int port, byte[] bytes)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await socket.SendAsync(bytes);
        var total = 0;
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer).WaitAsync(s_request)) > 0)
            {
                total += read;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closed with our unread bytes still queued: the kernel resets instead of a FIN.
        }

        return total;
    }
}
