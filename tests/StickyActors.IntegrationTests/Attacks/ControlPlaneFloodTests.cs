using Xunit.Abstractions;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.IntegrationTests.Attacks;

/// <summary>
/// A stranger floods the control-plane port with idle connections and connect-and-garbage loops:
/// public traffic stays served throughout, the master and its workers stay up, the master's log
/// stays bounded and its descriptors come back to where they were.
/// </summary>
public sealed class ControlPlaneFloodTests(ITestOutputHelper output)
{
    // This container's hard descriptor limit is 20,000 for the test process and the master alike;
    // the test holds one descriptor per idle connection, so it floods with 8,000 of them.
    private const int IdleConnections = 8000;
    private static readonly TimeSpan s_garbageFor = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ControlPort_IdleFloodAndGarbageLoops_PublicTrafficServedAndDescriptorsRecover()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var before = await cluster.StatusAsync();
        var port = ControlPlaneAttackTests.ControlPort(cluster);
        var baseline = ResourceLimits.OpenDescriptors(cluster.MasterPid);
        var logBefore = cluster.Output.Count;
        var idle = new List<Socket>(IdleConnections);
        long garbageConnections = 0;
        try
        {
            await using var load = new LoadLoop(cluster.Port, loops: 2, block: 60, maxDuration: TimeSpan.FromMinutes(2));
            for (var i = 0; i < IdleConnections; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                idle.Add(socket);
                await socket.ConnectAsync(IPAddress.Loopback, port);
            }

            var servedBeforeGarbage = load.Succeeded;
            var clock = Stopwatch.StartNew();
            var loops = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                var junk = new byte[512];
                Random.Shared.NextBytes(junk);
                while (clock.Elapsed < s_garbageFor)
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync(IPAddress.Loopback, port);
                    await socket.SendAsync(junk);
                    Interlocked.Increment(ref garbageConnections);
                }
            })).ToArray();
            await Task.WhenAll(loops);
            var floodSeconds = clock.Elapsed.TotalSeconds;

            Assert.True(load.Succeeded > servedBeforeGarbage + 20, $"public requests during the flood: {load.Succeeded - servedBeforeGarbage}");
            Assert.Empty(load.Failures);
            Assert.True(garbageConnections > 1000, $"only {garbageConnections} garbage connections were made");

            // One line per second per kind of junk, and some lines for everything else.
            var logLines = cluster.Output.Count - logBefore;
            output.WriteLine($"flood: {IdleConnections} idle + {garbageConnections} garbage connections in {floodSeconds:F1} s; public requests served meanwhile {load.Succeeded - servedBeforeGarbage}, failed {load.Failures.Count}; master log lines {logLines}; master descriptors before {baseline}, peak >= {baseline + IdleConnections}");
            var sample = string.Join('\n', cluster.Output.Since(logBefore)
                .GroupBy(l => l.Length > 120 ? l[30..120] : l).OrderByDescending(g => g.Count()).Take(4).Select(g => $"{g.Count()} x {g.First()[..Math.Min(g.First().Length, 500)]}"));
            Assert.True(logLines < (floodSeconds * 4) + 60, $"{logLines} log lines for {garbageConnections} junk connections in {floodSeconds:F0} s:\n{sample}");
        }
        finally
        {
            foreach (var socket in idle)
            {
                socket.Dispose();
            }
        }

        var recovered = await WaitForDescriptorsAsync(cluster.MasterPid, baseline + 20, TimeSpan.FromSeconds(60));
        output.WriteLine($"master descriptors after the flood: {recovered} (before: {baseline})");
        Assert.True(recovered <= baseline + 20, $"master holds {recovered} descriptors after the flood, {baseline} before");
        await ControlPlaneAttackTests.AssertStillServingAsync(cluster, before);
    }

    private static async Task<int> WaitForDescriptorsAsync(int pid, int atMost, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var open = ResourceLimits.OpenDescriptors(pid);
        while (open > atMost && clock.Elapsed < timeout)
        {
            await Task.Delay(250);
            open = ResourceLimits.OpenDescriptors(pid);
        }

        return open;
    }
}
