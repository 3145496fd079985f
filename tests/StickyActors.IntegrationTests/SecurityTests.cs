namespace StickyActors.IntegrationTests;

/// <summary>Only the master's own workers join its control plane; nothing listens beyond loopback.</summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task MasterAndWorkers_ListenOnlyOnLoopback()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var status = await cluster.StatusAsync();

        var pids = status.Workers.Select(w => w.Pid).Append(cluster.MasterPid).ToArray();
        var listeners = pids.SelectMany(ListeningSockets.Of).ToArray();

        Assert.Contains(listeners, l => l.Port == cluster.Port);
        Assert.All(listeners, l => Assert.True(System.Net.IPAddress.IsLoopback(l.Address), $"{l} is not loopback"));
    }

    [Fact]
    public async Task Worker_HandleChannel_IsNotInTheFileSystem()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 1);
        var worker = (await cluster.StatusAsync()).Worker(0);

        // The channel is an inherited socket pair: unnamed on both ends, so nobody else can connect.
        var unixSockets = File.ReadLines("/proc/net/unix").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 7 && f[4] == "0005")
            .ToArray();
        var workerInodes = Directory.EnumerateFiles($"/proc/{worker.Pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget ?? string.Empty)
            .Where(t => t.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(t => t[8..^1])
            .ToHashSet();

        var channel = Assert.Single(unixSockets, f => workerInodes.Contains(f[6]));
        Assert.Equal(7, channel.Length);
    }
}
