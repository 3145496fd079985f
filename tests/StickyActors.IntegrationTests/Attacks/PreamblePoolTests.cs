using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace StickyActors.IntegrationTests.Attacks;

/// <summary>
/// One source address opens 2,000 idle connections to a master that reads an HTTP affinity key
/// (every connection waits in the preamble pool of 1,024 until its head arrives). With the
/// per-source bound it holds 64 of them and good clients from other addresses are served; with the
/// bound as large as the pool (as before it existed) the same attack shuts every good client out.
/// </summary>
public sealed class PreamblePoolTests(ITestOutputHelper output)
{
    private const int IdleConnections = 2000;
    private const int Pool = 1024;
    private const int GoodClients = 20;

    [Theory]
    [InlineData(0, 64)]
    [InlineData(Pool, Pool)]
    public async Task PreamblePool_2000IdleFromOneAddress_GoodClientsServedOnlyWithThePerSourceBound(int configured, int bound)
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, $$"""
            sticky-actors.affinity { key = cookie, name = sid }
            sticky-actors.preamble { timeout = 60s, max-pending = {{Pool}}, max-pending-per-source = {{configured}} }
            """);
        var attacker = new IPAddress(new byte[] { 127, 0, 0, 2 });
        var idle = new List<Socket>(IdleConnections);
        var logFrom = cluster.Output.Count;
        var attackClock = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < IdleConnections; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                idle.Add(socket);
                socket.Bind(new IPEndPoint(attacker, 0));
                await socket.ConnectAsync(IPAddress.Loopback, cluster.Port);
            }

            // Every idle connection has been accepted: the ones past the bound were refused and
            // counted by their reason, the rest hold their slots (the deadline is a minute away).
            var reason = bound < Pool ? "SourceOverloaded" : "Overloaded";
            var status = await cluster.WaitForStatusAsync(s => Rejected(s, reason) >= IdleConnections - bound, TimeSpan.FromSeconds(30));
            Assert.Equal(IdleConnections - bound, Rejected(status, reason));

            var clock = Stopwatch.StartNew();
            var answers = await Task.WhenAll(HttpProbe.Sources(block: 1, count: GoodClients).Select(GoodClientAsync));
            var served = answers.Count(a => a == 200);
            output.WriteLine($"per-source bound {bound}: {IdleConnections} idle connections from {attacker}; good clients from {GoodClients} other addresses served {served}/{GoodClients} in {clock.ElapsedMilliseconds} ms; {status.Raw}");

            var after = await cluster.StatusAsync();
            // One line per second per reason at most (the attack and the probes took a few seconds).
            var lines = cluster.Output.Since(logFrom).Count(l => l.Contains("before routing: " + reason, StringComparison.Ordinal));
            Assert.True(lines >= 1 && lines <= attackClock.Elapsed.TotalSeconds + 1, $"{lines} log lines about {reason} in {attackClock.Elapsed}");
            if (bound < Pool)
            {
                Assert.Equal(GoodClients, served);
                // The attacker still held its share throughout: nothing of it timed out or was freed.
                Assert.Equal(IdleConnections - bound, Rejected(after, reason));
                Assert.Equal(0, Rejected(after, "Overloaded"));
            }
            else
            {
                Assert.Equal(0, served);
                Assert.True(Rejected(after, "Overloaded") >= IdleConnections - bound + GoodClients, after.Raw);
            }
        }
        finally
        {
            foreach (var socket in idle)
            {
                socket.Dispose();
            }
        }

        async Task<int> GoodClientAsync(IPAddress source)
        {
            var request = Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: x\r\nCookie: sid={source}\r\nConnection: close\r\n\r\n");
            try
            {
                return (await HttpProbe.SendAsync(source, cluster.Port, request, TimeSpan.FromSeconds(10))).Status;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
            {
                return 0;
            }
        }
    }

    private static long Rejected(ClusterSnapshot status, string reason)
    {
        var match = RejectedCount(reason).Match(status.Raw);
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static Regex RejectedCount(string reason) => new($"\"{reason}\":(\\d+)");
}
