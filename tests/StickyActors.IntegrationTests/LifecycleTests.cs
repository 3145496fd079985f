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

        // Recorded while the master ran (process tree, sampled): after it exited, any child would
        // have been reparented and no longer show as its child.
        Assert.Empty(cluster.SeenWorkers);
        Assert.False(cluster.Output.Contains("launched as pid"), cluster.Output.ToString());
    }

    [Fact]
    public async Task Sigterm_Master_DrainsWorkersAndExitsZero()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var workers = (await cluster.StatusAsync()).Workers.Select(w => w.Pid).ToArray();

        Signals.Kill(cluster.MasterPid, Signals.SIGTERM);
        await cluster.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, cluster.Process.ExitCode);
        Assert.All(workers, pid => Assert.False(ProcFs.IsAlive(pid), $"worker {pid} outlived the master"));
        Assert.True(cluster.Output.Contains("2 of 2 worker(s) drained"), cluster.Output.ToString());
    }

    /// <summary>
    /// systemd's stop (KillMode=control-group) signals every process of the service at once: the
    /// workers stop by themselves while the master drains. None may be relaunched, and the master
    /// must not wait for workers that are already gone. Three rounds, as the order in which the
    /// processes act on the signal varies.
    /// </summary>
    [Theory]
    [InlineData("master")]
    [InlineData("kernel")]
    public async Task SigtermToMasterAndWorkersAtOnce_MasterRelaunchesNothingAndExitsZeroPromptly(string steering)
    {
        for (var round = 1; round <= 3; round++)
        {
            await using var cluster = await HelloCluster.StartAsync(workers: 2, $"sticky-actors.listen.steering = {steering}");
            var workers = (await cluster.StatusAsync()).Workers.Select(w => w.Pid).ToArray();
            var from = cluster.Output.Count;

            var clock = Stopwatch.StartNew();
            foreach (var pid in (int[])[cluster.MasterPid, .. workers])
            {
                Signals.Kill(pid, Signals.SIGTERM);
            }

            await cluster.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var exited = clock.Elapsed;

            var after = cluster.Output.Since(from).ToArray();
            var log = $"round {round}, {exited.TotalSeconds:0.0} s:\n{string.Join('\n', after)}";
            Assert.True(cluster.Process.ExitCode == 0, log);
            Assert.False(after.Any(line => line.Contains("launched as pid", StringComparison.Ordinal)), log);
            Assert.All(workers, pid => Assert.False(ProcFs.IsAlive(pid), $"worker {pid} outlived the master"));

            // Well inside workers.shutdown-timeout (30 s): nothing is left to wait for once the workers exited.
            Assert.True(exited < TimeSpan.FromSeconds(10), log);
        }
    }

    [Fact]
    public async Task SigkillMaster_EveryWorkerExitsWithinTwoSecondsOfTheMaster()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        // Recorded before the kill, by pid and start time: afterwards they are no longer the master's children.
        var workers = (await cluster.StatusAsync()).Workers
            .Select(w => OwnedProcess.Capture(w.Pid) ?? throw new InvalidOperationException($"worker {w.Pid} is gone before the test"))
            .ToArray();
        var master = OwnedProcess.Capture(cluster.MasterPid)!.Value;

        // Both times are taken by the same polling loop, so a loaded machine delays both alike: the
        // promise is about the time between the master's death and the workers'.
        Signals.Kill(cluster.MasterPid, Signals.SIGKILL);
        var clock = Stopwatch.StartNew();
        TimeSpan? masterGone = null;
        while (workers.Any(w => w.IsAlive) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (masterGone is null && !master.IsAlive)
            {
                masterGone = clock.Elapsed;
            }

            await Task.Delay(10);
        }

        var workersGone = clock.Elapsed;
        masterGone ??= workersGone;
        Assert.All(workers, w => Assert.False(w.IsAlive, $"worker {w.Pid} still alive {clock.Elapsed} after the master was killed"));
        Assert.True(workersGone - masterGone < TimeSpan.FromSeconds(2), $"the master was gone after {masterGone}, its workers only after {workersGone}");
    }
}
