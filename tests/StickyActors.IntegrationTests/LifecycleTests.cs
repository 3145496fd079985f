using System.Diagnostics;

namespace StickyActors.IntegrationTests;

/// <summary>Starting with bad input, stopping, and surviving the loss of the master.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task BadConfiguration_FailsTheStart_NamingEveryBadKey()
    {
        await using var cluster = HelloCluster.Launch(workers: 1, """
            sticky-actors {
              listen.backlog = 0
              routing.buckets = "many"
              workers.shutdown-timeout = -1s
            }
            """);

        await cluster.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, cluster.Process.ExitCode);
        foreach (var key in new[] { "sticky-actors.listen.backlog", "sticky-actors.routing.buckets", "sticky-actors.workers.shutdown-timeout" })
        {
            Assert.True(cluster.Output.Contains(key), $"'{key}' not named in:\n{cluster.Output}");
        }

        Assert.Empty(cluster.ChildPids());
    }

    [Fact]
    public async Task Sigterm_Master_DrainsWorkersAndExitsZero()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var workers = (await cluster.StatusAsync()).Workers.Select(w => w.Pid).ToArray();

        Handoff.Interop.Libc.Kill(cluster.MasterPid, Handoff.Interop.Libc.SIGTERM);
        await cluster.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, cluster.Process.ExitCode);
        Assert.All(workers, pid => Assert.False(ProcFs.IsAlive(pid), $"worker {pid} outlived the master"));
        Assert.True(cluster.Output.Contains("2 of 2 worker(s) drained"), cluster.Output.ToString());
    }

    [Fact]
    public async Task SigkillMaster_EveryWorkerExitsWithinTwoSeconds()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var workers = (await cluster.StatusAsync()).Workers.Select(w => w.Pid).ToArray();

        Handoff.Interop.Libc.Kill(cluster.MasterPid, 9);
        var clock = Stopwatch.StartNew();
        while (workers.Any(ProcFs.IsAlive) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.All(workers, pid => Assert.False(ProcFs.IsAlive(pid), $"worker {pid} still alive {clock.Elapsed} after the master died"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"workers took {clock.Elapsed} to exit");
    }
}
