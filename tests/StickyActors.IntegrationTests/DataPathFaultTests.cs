using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.IntegrationTests;

/// <summary>Faults in the master's data path: running out of descriptors, clients that reset at once.</summary>
public sealed class DataPathFaultTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task AcceptOutOfDescriptors_BacksOffWithoutSpinningAndRecovers(int acceptThreads)
    {
        // Silent clients hold descriptors in the master (their PROXY header never comes) until the
        // master's limit is reached: accept(2) then fails with EMFILE until their deadline frees them.
        await using var cluster = await HelloCluster.StartAsync(workers: 1, $"""
            sticky-actors.listen.proxy-protocol = required
            sticky-actors.listen.accept-threads = {acceptThreads}
            sticky-actors.preamble.timeout = 3s
            """);
        var original = ResourceLimits.OpenFiles(cluster.MasterPid);
        var silent = new List<Socket>();
        try
        {
            // Limit at the highest descriptor in use: only the gaps below it are free. Four more silent
            // clients than gaps make accept(2) fail; the master's reserve (below the limit) gives the
            // runtime headroom meanwhile.
            var limit = ResourceLimits.HighestDescriptor(cluster.MasterPid) + 1;
            var gaps = limit - ResourceLimits.OpenDescriptors(cluster.MasterPid);
            var clients = gaps + 4;
            ResourceLimits.SetOpenFiles(cluster.MasterPid, (ulong)limit, original.Hard);
            for (var i = 0; i < clients; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, cluster.Port));
                silent.Add(socket);
            }

            await cluster.Output.WaitForAsync(new("backing off"), TimeSpan.FromSeconds(20));
            // A master spinning on accept(2) would get about as much CPU as a busy loop gets on this
            // machine in the same window; backing off, it gets a small part of it. Unloaded, the
            // reference gets a whole core, and this is "less than half a core".
            double masterShare, referenceShare;
            using (var reference = new SpinningReference())
            {
                var cpuBefore = ProcFs.CpuSeconds(cluster.MasterPid)!.Value;
                var referenceBefore = reference.CpuSeconds();
                var wall = Stopwatch.StartNew();
                await cluster.WaitForStatusAsync(s => s.Raw.Contains($"\"Timeout\":{clients}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
                masterShare = (ProcFs.CpuSeconds(cluster.MasterPid)!.Value - cpuBefore) / wall.Elapsed.TotalSeconds;
                referenceShare = (reference.CpuSeconds() - referenceBefore) / wall.Elapsed.TotalSeconds;
            }

            Assert.True(masterShare < 0.5 * referenceShare, $"master used {masterShare:P0} of a core while out of descriptors; a busy loop got {referenceShare:P0} meanwhile");
            var proxied = ProxyHeaders.V1(IPAddress.Parse("203.0.113.50"), 1000)
                .Concat("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray()).ToArray();
            Assert.Equal(200, (await HttpProbe.SendAsync(IPAddress.Loopback, cluster.Port, proxied, TimeSpan.FromSeconds(20))).Status);
            Assert.DoesNotContain("\"AcceptErrors\":0,", (await cluster.StatusAsync()).Raw, StringComparison.Ordinal);
        }
        finally
        {
            Assert.True(ProcFs.IsAlive(cluster.MasterPid), "the master died while out of descriptors:\n" + cluster.Output);
            ResourceLimits.SetOpenFiles(cluster.MasterPid, original.Soft, original.Hard);
            silent.ForEach(s => s.Dispose());
        }
    }

    [Theory]
    [InlineData("master")]
    [InlineData("kernel")]
    public async Task ClientsThatResetRightAfterConnecting_CostNothing(string steering)
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, $"sticky-actors.listen.steering = {steering}");
        await StickinessTests.WaitBalancedAsync(cluster);
        var mapBefore = await StickinessTests.MapAsync(cluster, HttpProbe.Sources(block: 41, count: 20));
        var before = await cluster.StatusAsync();
        int[] processes = [cluster.MasterPid, .. before.Workers.Select(w => w.Pid)];
        var descriptorsBefore = processes.Select(ResourceLimits.OpenDescriptors).ToArray();

        for (var i = 0; i < 300; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(new IPAddress(new byte[] { 127, 0, 40, (byte)((i % 250) + 1) }), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, cluster.Port));
            socket.LingerState = new LingerOption(true, 0);
        }

        // Accepted by the master (and handed off), or by the workers themselves under kernel steering.
        var after = await cluster.WaitForStatusAsync(s => s.Accepted + s.Steered >= before.Accepted + before.Steered + 300, TimeSpan.FromSeconds(20));
        var mapAfter = await StickinessTests.MapAsync(cluster, HttpProbe.Sources(block: 41, count: 20));

        // The same clients still reach the same workers, both of which serve.
        Assert.Equal(mapBefore, mapAfter);
        Assert.Equal(2, mapAfter.Values.Distinct().Count());
        Assert.Equal(before.Workers.Select(w => w.Pid), after.Workers.Select(w => w.Pid));
        Assert.All(after.Workers, w => Assert.Equal("Running", w.State));
        // 300 leaked descriptors would show (in the master or a worker); a few come and go with the runtime's own work.
        var descriptorsAfter = processes.Select(ResourceLimits.OpenDescriptors).ToArray();
        Assert.All(processes.Index(), p => Assert.True(descriptorsAfter[p.Index] < descriptorsBefore[p.Index] + 30, $"process {p.Item} kept descriptors of reset connections: {descriptorsBefore[p.Index]} before, {descriptorsAfter[p.Index]} after"));
    }
}
