using Xunit.Abstractions;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.IntegrationTests.Attacks;

/// <summary>
/// A stranger who wants to starve the master through its control plane finds nothing to connect to:
/// on Linux the control plane runs over private socket pairs, so the master's only listening TCP
/// socket is the public one. Flooding that one instead (20,000 idle connection attempts while the
/// master reads an HTTP key, so it holds connections in its preamble pool) leaves public traffic
/// served, the master alive with its descriptors bounded by the pool, its log bounded, and its
/// descriptors back to baseline afterwards.
/// </summary>
public sealed class ControlPlaneFloodTests(ITestOutputHelper output)
{
    // This container's hard descriptor limit is 20,000 for the test process and the master alike;
    // the test holds one descriptor per idle connection, so it floods in rounds of 5,000 it holds.
    private const int Attempts = 20_000;
    private const int Round = 5_000;
    private const int AttackerAddresses = 8;
    private const int PerSource = 64;

    [Fact]
    public async Task ControlPlane_OnLinux_NoPortToFloodOnlyThePublicListener()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var status = await cluster.StatusAsync();

        Assert.StartsWith("akka.socketpair://", cluster.ControlPlaneAddress, StringComparison.Ordinal);
        var master = ListeningSockets.Of(cluster.MasterPid);
        output.WriteLine($"master {cluster.MasterPid} listens on: {string.Join(", ", master)}; control plane {cluster.ControlPlaneAddress}");
        Assert.Equal([cluster.Port], master.Select(e => e.Port).Distinct());
        foreach (var worker in status.Workers)
        {
            // A worker's Kestrel serves handed-off sockets: it may show the shared public socket, nothing else.
            Assert.All(ListeningSockets.Of(worker.Pid), e => Assert.Equal(cluster.Port, e.Port));
        }
    }

    [Fact]
    public async Task PublicPort_20000IdleConnectionAttempts_PublicTrafficServedMasterBoundedAndDescriptorsRecover()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, $$"""
            sticky-actors.affinity { key = cookie, name = sid }
            sticky-actors.preamble { timeout = 60s, max-pending-per-source = {{PerSource}} }
            """);
        var before = await cluster.StatusAsync();
        var baseline = ResourceLimits.OpenDescriptors(cluster.MasterPid);
        var logBefore = cluster.Output.Count;
        var attackers = Enumerable.Range(1, AttackerAddresses).Select(i => new IPAddress(new byte[] { 127, 200, 0, (byte)i })).ToArray();
        var peak = baseline;
        var clock = Stopwatch.StartNew();
        await using (var load = new LoadLoop(cluster.Port, loops: 2, block: 60, maxDuration: TimeSpan.FromMinutes(3)))
        {
            await WaitForServedAsync(load, 5);
            var servedBefore = load.Succeeded;
            for (var round = 0; round < Attempts / Round; round++)
            {
                var idle = new List<Socket>(Round);
                try
                {
                    for (var i = 0; i < Round; i++)
                    {
                        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        idle.Add(socket);
                        socket.Bind(new IPEndPoint(attackers[i % attackers.Length], 0));
                        await socket.ConnectAsync(IPAddress.Loopback, cluster.Port);
                    }

                    // Accepted and refused past the per-source bound: what the master holds is the pool share.
                    await Task.Delay(200);
                    peak = Math.Max(peak, ResourceLimits.OpenDescriptors(cluster.MasterPid));
                }
                finally
                {
                    foreach (var socket in idle)
                    {
                        socket.Dispose();
                    }
                }
            }

            var floodSeconds = clock.Elapsed.TotalSeconds;
            var served = load.Succeeded - servedBefore;
            var logLines = cluster.Output.Count - logBefore;
            output.WriteLine($"public-port flood: {Attempts} idle connection attempts from {AttackerAddresses} addresses in {floodSeconds:F1} s; public requests served meanwhile {served}, failed {load.Failures.Count}; master descriptors before {baseline}, peak {peak}; master log lines {logLines}");
            Assert.False(cluster.Process.HasExited, "the master exited");
            Assert.Empty(load.Failures);
            Assert.True(served >= 20, $"public requests during the flood: {served}");
            Assert.True(peak <= baseline + (AttackerAddresses * PerSource) + 256, $"master descriptors peaked at {peak} (baseline {baseline})");
            Assert.True(logLines < (floodSeconds * 4) + 60, $"{logLines} log lines in {floodSeconds:F0} s");
        }

        var recovered = await WaitForDescriptorsAsync(cluster.MasterPid, baseline + 20, TimeSpan.FromSeconds(60));
        output.WriteLine($"master descriptors after the flood: {recovered} (before: {baseline})");
        Assert.True(recovered <= baseline + 20, $"master holds {recovered} descriptors after the flood, {baseline} before");
        await ControlPlaneAttackTests.AssertStillServingAsync(cluster, before);
    }

    private static async Task WaitForServedAsync(LoadLoop load, long atLeast)
    {
        var clock = Stopwatch.StartNew();
        while (load.Succeeded < atLeast && load.Failures.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }
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
