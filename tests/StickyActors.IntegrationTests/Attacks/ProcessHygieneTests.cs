using System.Diagnostics;
using StickyActors.Interop;
using Xunit.Abstractions;

namespace StickyActors.IntegrationTests.Attacks;

/// <summary>Workers die with their master at once, and get exactly the descriptors meant for them.</summary>
public sealed class ProcessHygieneTests(ITestOutputHelper output)
{
    private const int SIGHUP = 1;

    [Fact]
    public async Task SigkillMaster_UnderLoadAfterThreadPoolChurn_WorkersLiveUntilThenAndDieAtOnce()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);

        // Workers launched by a rolling restart (from actor code on pool threads), then a burst of
        // load that grows the pool, then long enough idle for pool threads to retire (20 s): a
        // parent-death signal tied to a retired thread would kill the workers here.
        var from = cluster.Output.Count;
        Libc.Kill(cluster.MasterPid, SIGHUP);
        await cluster.Output.WaitForAsync(new System.Text.RegularExpressions.Regex("Rolling restart .*(done|complete|finished)", System.Text.RegularExpressions.RegexOptions.IgnoreCase), TimeSpan.FromSeconds(90), from);
        var launched = await cluster.WaitForStatusAsync(s => s.Workers.All(w => w.State == "Running"), TimeSpan.FromSeconds(60));
        await using (var burst = new LoadLoop(cluster.Port, loops: 4, block: 70, maxDuration: TimeSpan.FromSeconds(4)))
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
        }

        await Task.Delay(TimeSpan.FromSeconds(25));
        var later = await cluster.StatusAsync();
        foreach (var worker in launched.Workers)
        {
            Assert.Equal(worker.Pid, later.Worker(worker.Id).Pid);
            Assert.Equal(worker.Restarts, later.Worker(worker.Id).Restarts);
        }

        // Now kill -9 the master under load: every worker recorded before the kill is gone at once.
        var pids = later.Workers.Select(w => w.Pid).ToArray();
        await using var load = new LoadLoop(cluster.Port, loops: 2, block: 71, maxDuration: TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Libc.Kill(cluster.MasterPid, 9);
        var clock = Stopwatch.StartNew();
        while (pids.Any(ProcFs.IsAlive) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(5);
        }

        output.WriteLine($"all {pids.Length} workers gone {clock.Elapsed.TotalMilliseconds:F0} ms after the master's SIGKILL");
        Assert.All(pids, pid => Assert.False(ProcFs.IsAlive(pid), $"worker {pid} outlived its master by {clock.Elapsed}"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"workers took {clock.Elapsed} to die with the master");
    }

    [Fact]
    public async Task MasterWithAnInheritedDescriptor_WorkersDoNotInheritIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sticky-inherited-{Guid.NewGuid():N}");
        HelloCluster cluster;
        using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite, FileOptions.DeleteOnClose))
        {
            // As a careless parent would: a descriptor without close-on-exec, inherited by the master.
            var fd = (int)file.DangerousGetHandle();
            Assert.Equal(0, Libc.Fcntl(fd, Libc.F_SETFD, 0));
            cluster = HelloCluster.Launch(workers: 2);
        }

        await using (cluster)
        {
            await cluster.WaitForStatusAsync(s => s.Workers.All(w => w.State == "Running"), TimeSpan.FromSeconds(60));
            var status = await cluster.StatusAsync();

            Assert.Contains(Targets(cluster.MasterPid), t => t.StartsWith(path, StringComparison.Ordinal));
            foreach (var worker in status.Workers)
            {
                var targets = Targets(worker.Pid);
                Assert.DoesNotContain(targets, t => t.StartsWith(path, StringComparison.Ordinal));

                // Nothing above standard error survives a worker's own exec: not even its channel end,
                // so a child the application starts cannot receive that slot's client sockets.
                Assert.All(OpenAcrossExec(worker.Pid), fd => Assert.True(fd <= 2, $"worker {worker.Pid} descriptor {fd} is not close-on-exec"));
            }
        }
    }

    private static IEnumerable<int> OpenAcrossExec(int pid)
    {
        const int OCloexec = 0x80000; // 02000000 octal
        foreach (var info in Directory.EnumerateFiles($"/proc/{pid}/fdinfo"))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(info);
            }
            catch (IOException)
            {
                continue; // closed meanwhile
            }

            var flags = lines.FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal));
            if (flags is not null && (Convert.ToInt32(flags[6..].Trim(), 8) & OCloexec) == 0)
            {
                yield return int.Parse(Path.GetFileName(info), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private static string[] Targets(int pid) =>
        Directory.EnumerateFiles($"/proc/{pid}/fd").Select(fd => new FileInfo(fd).LinkTarget ?? string.Empty).ToArray();
}
