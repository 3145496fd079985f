using Akka.Actor;
using StickyActors.Configuration;
using StickyActors.ControlPlane;

namespace StickyActors.IntegrationTests;

/// <summary>Only the master's own workers join its control plane; nothing listens beyond loopback.</summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task Stranger_RegistersOverTheControlPlane_IsRefusedAndWorkersKeepServing()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 1);
        var worker = (await cluster.StatusAsync()).Worker(0);
        using var stranger = ActorSystem.Create("stranger", ControlPlaneConfig.Create(new ControlPlaneSettings("127.0.0.1", 0, TimeSpan.FromSeconds(2)), 0));
        var master = stranger.ActorSelection($"{cluster.ControlPlaneAddress}/user/{ControlPlaneConfig.MasterActorName}");

        var forged = await master.Ask<RegistrationRefused>(new RegisterWorker(0, 1, worker.Pid, "not-the-secret"), TimeSpan.FromSeconds(15));
        var unknownSlot = await master.Ask<RegistrationRefused>(new RegisterWorker(5, 1, worker.Pid, "x"), TimeSpan.FromSeconds(15));
        master.Tell(new WorkerDraining(0));

        Assert.Contains("not a worker launched by this master", forged.Reason, StringComparison.Ordinal);
        Assert.Contains("no worker slot 5", unknownSlot.Reason, StringComparison.Ordinal);
        var answer = await HttpProbe.GetAsync(System.Net.IPAddress.Loopback, cluster.Port, TimeSpan.FromSeconds(10));
        Assert.Equal(200, answer.Status);
        var after = await cluster.StatusAsync();
        Assert.Equal("Running", after.Worker(0).State);
        Assert.Equal(worker.Pid, after.Worker(0).Pid);
        await stranger.Terminate();
    }

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
