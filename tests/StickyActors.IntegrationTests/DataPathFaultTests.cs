using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.IntegrationTests;

/// <summary>Faults in the master's data path: running out of descriptors, clients that reset at once.</summary>
public sealed class DataPathFaultTests
{
    [Fact]
    public async Task AcceptOutOfDescriptors_BacksOffWithoutSpinningAndRecovers()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 1);
        var original = ResourceLimits.OpenFiles(cluster.MasterPid);
        var clients = new List<Socket>();
        try
        {
            // Leave the master no spare descriptor, then connect clients it cannot accept.
            ResourceLimits.SetOpenFiles(cluster.MasterPid, (ulong)ResourceLimits.LowestFreeDescriptor(cluster.MasterPid), original.Hard);
            for (var i = 0; i < 20; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, cluster.Port));
                clients.Add(socket);
            }

            var cpuBefore = CpuSeconds(cluster.MasterPid);
            var wall = Stopwatch.StartNew();
            await cluster.Output.WaitForAsync(new("backing off"), TimeSpan.FromSeconds(20));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var cpuShare = (CpuSeconds(cluster.MasterPid) - cpuBefore) / wall.Elapsed.TotalSeconds;

            Assert.True(cpuShare < 0.5, $"master used {cpuShare:P0} of a core while out of descriptors");
        }
        finally
        {
            Assert.True(ProcFs.IsAlive(cluster.MasterPid), "the master died while out of descriptors:\n" + cluster.Output);
            ResourceLimits.SetOpenFiles(cluster.MasterPid, original.Soft, original.Hard);
        }

        var answer = await HttpProbe.GetAsync(IPAddress.Loopback, cluster.Port, TimeSpan.FromSeconds(20));
        Assert.Equal(200, answer.Status);
        var status = await cluster.StatusAsync();
        Assert.Contains("\"AcceptErrors\":", status.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"AcceptErrors\":0", status.Raw, StringComparison.Ordinal);
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task ClientsThatResetRightAfterConnecting_CostNothing()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var before = await cluster.StatusAsync();
        var descriptorsBefore = ResourceLimits.OpenDescriptors(cluster.MasterPid);

        for (var i = 0; i < 300; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(new IPAddress(new byte[] { 127, 0, 40, (byte)((i % 250) + 1) }), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, cluster.Port));
            socket.LingerState = new LingerOption(true, 0);
        }

        var after = await cluster.WaitForStatusAsync(s => s.Accepted >= before.Accepted + 300, TimeSpan.FromSeconds(20));
        var answers = await StickinessTests.MapAsync(cluster, HttpProbe.Sources(block: 41, count: 20));

        Assert.Equal(20, answers.Count);
        Assert.Equal(before.Workers.Select(w => w.Pid), after.Workers.Select(w => w.Pid));
        Assert.All(after.Workers, w => Assert.Equal("Running", w.State));
        // 300 leaked descriptors would show; a few come and go with the runtime's own work.
        var descriptorsAfter = ResourceLimits.OpenDescriptors(cluster.MasterPid);
        Assert.True(descriptorsAfter < descriptorsBefore + 30, $"the master kept descriptors of reset connections: {descriptorsBefore} before, {descriptorsAfter} after");
    }

    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }
}
