using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// The worker count at run time (SIGTTIN / SIGTTOU) as real processes under connection-per-request
/// traffic that never stops, from 400 source addresses; and the pid file across a master handover.
/// </summary>
public sealed partial class ResizeTests(ITestOutputHelper output)
{
    private const int SIGUSR2 = 12;
    private const int SIGTTIN = 21;
    private const int SIGTTOU = 22;
    private const int Buckets = 1024;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(20);

    [Theory]
    [InlineData("master")]
    [InlineData("kernel")]
    public async Task TtinThenTtou_UnderLoad_NewWorkerServesItsShareOnlyItsClientsMoveHeldConnectionsStayAndNothingFails(string steering)
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"sticky-resize-{Guid.NewGuid():N}.pid");
        await using var cluster = await HelloCluster.StartAsync(workers: 2, Hocon(pidFile) + $"\nsticky-actors.listen.steering = {steering}\n");
        Assert.Equal(steering == "kernel", cluster.Output.Since(0).Any(line => line.Contains("Connection steering: kernel", StringComparison.Ordinal)));
        await using var traffic = new TrackedTraffic(cluster.Port, [.. HttpProbe.Sources(90, 200), .. HttpProbe.Sources(91, 200)], loops: 16, s_pause, TimeSpan.FromSeconds(240));
        var held = new List<(KeepAliveConnection Connection, int Pid)>();
        var heldOnRemoved = new List<KeepAliveConnection>();
        try
        {
            Assert.Equal(cluster.MasterPid, await PidInFileAsync(pidFile, p => p == cluster.MasterPid));
            var oldWorkers = (await cluster.StatusAsync()).Workers.Select(w => w.Pid).ToArray();
            await WaitForAnswersAsync(traffic, traffic.Now, 2 * traffic.Sources.Count);
            var beforeFrom = traffic.Now;
            await WaitForAnswersAsync(traffic, beforeFrom, 2 * traffic.Sources.Count);
            var before = traffic.LastWorkers(beforeFrom);
            Assert.Equal(traffic.Sources.Count, before.Count);
            Assert.All(before.Values, pid => Assert.Contains(pid, oldWorkers));

            // 40 keep-alive connections held across the resize, from their own addresses.
            foreach (var source in HttpProbe.Sources(92, 40))
            {
                var connection = await KeepAliveConnection.OpenAsync(source, cluster.Port);
                held.Add((connection, (await connection.GetAsync()).Pid));
            }

            // TTIN: a third worker, which gets ⌊1024/3⌋ = 341 buckets once it registered.
            var failuresBeforeTtin = traffic.Failures;
            var ttinAt = traffic.Now;
            var clock = Stopwatch.StartNew();
            Assert.True(Signals.Kill(cluster.MasterPid, SIGTTIN));
            var grown = await cluster.WaitForStatusAsync(s => s.Workers.Count == 3 && s.Workers.All(w => w.State == "Running"), s_timeout);
            var running = clock.Elapsed;
            var newWorker = grown.Worker(2).Pid;
            await cluster.WaitForStatusAsync(s => s.Workers[2].BucketsOwned == Buckets / 3, s_timeout);
            var share = clock.Elapsed;
            Assert.Single(cluster.Output.Since(0), line => SlotAddedLine().IsMatch(line));

            var afterFrom = traffic.Now;
            await WaitForAnswersAsync(traffic, afterFrom, 2 * traffic.Sources.Count);
            var after = traffic.LastWorkers(afterFrom);
            var movedToNew = after.Count(a => a.Value == newWorker);
            var keptTheirWorker = after.Count(a => a.Value == before[a.Key]);
            var movedElsewhere = after.Count(a => a.Value != newWorker && a.Value != before[a.Key]);
            var movedTwice = traffic.Sources.Count(s => traffic.WorkerSequence(s, ttinAt).Count > 2);
            var ttinFailures = traffic.Failures - failuresBeforeTtin;
            output.WriteLine($"TTIN → new worker Running {running.TotalSeconds:0.00} s, → its 341 buckets {share.TotalSeconds:0.00} s; of {after.Count} sources {movedToNew} moved to it, {keptTheirWorker} kept their worker, {movedElsewhere} moved elsewhere, {movedTwice} changed worker more than once; failed requests {ttinFailures}");
            Assert.Equal(0, movedElsewhere);
            Assert.Equal(0, movedTwice);
            Assert.Equal(0, ttinFailures);

            // A held connection is never cut or moved: its bucket comes home only once it is idle (closed).
            foreach (var (connection, pid) in held)
            {
                Assert.Equal(pid, (await connection.GetAsync()).Pid);
            }

            // Keep-alive connections on the new worker, which TTOU drains: they are closed in order, not reset.
            foreach (var source in after.Where(a => a.Value == newWorker).Select(a => a.Key).Take(20))
            {
                var connection = await KeepAliveConnection.OpenAsync(source, cluster.Port);
                heldOnRemoved.Add(connection);
                Assert.Equal(newWorker, (await connection.GetAsync()).Pid);
            }

            // About a third of the clients (341 of 1024 buckets), never more than that needs.
            Assert.InRange(movedToNew, traffic.Sources.Count / 6, traffic.Sources.Count / 2);
            if (steering == "kernel")
            {
                // The added slot's socket joined the kernel's group: its worker accepts its clients itself.
                await cluster.WaitForStatusAsync(s => WorkerSteered(s, 2) >= movedToNew, s_timeout);
            }

            // TTOU: the highest slot (the new worker) drains; only its clients move, nothing fails.
            var failuresBeforeTtou = traffic.Failures;
            var from = cluster.Output.Count;
            clock.Restart();
            Assert.True(Signals.Kill(cluster.MasterPid, SIGTTOU));
            await cluster.WaitForStatusAsync(s => s.Workers.Count == 2 && s.Workers.Sum(w => w.BucketsOwned) == Buckets, s_timeout);
            await cluster.Output.WaitForAsync(RemovedSlotExited(), s_timeout, from);
            var drained = clock.Elapsed;
            var orderly = 0;
            foreach (var connection in heldOnRemoved)
            {
                orderly += await connection.WaitForCloseAsync(TimeSpan.FromSeconds(5)) ? 1 : 0;
            }

            Assert.Equal(heldOnRemoved.Count, orderly);
            foreach (var (connection, pid) in held)
            {
                Assert.Equal(pid, (await connection.GetAsync()).Pid);
            }
            var shrunkFrom = traffic.Now;
            await WaitForAnswersAsync(traffic, shrunkFrom, 2 * traffic.Sources.Count);
            var shrunk = traffic.LastWorkers(shrunkFrom);
            var ttouFailures = traffic.Failures - failuresBeforeTtou;
            var oldClientsMoved = shrunk.Count(s => after[s.Key] != newWorker && s.Value != after[s.Key]);
            output.WriteLine($"TTOU → removed worker exited {drained.TotalSeconds:0.00} s; failed requests {ttouFailures}; clients of the remaining workers that moved {oldClientsMoved}; its held keep-alive connections closed in order {orderly} of {heldOnRemoved.Count}; the other {held.Count} held connections kept their worker");
            Assert.Equal(0, ttouFailures);
            Assert.Equal(0, oldClientsMoved);
            Assert.All(shrunk.Values, pid => Assert.Contains(pid, oldWorkers));
            Assert.DoesNotContain(newWorker, cluster.ChildPids());
            var status = await cluster.StatusAsync();
            Assert.Equal([512, 512], status.Workers.Select(w => w.BucketsOwned));
        }
        finally
        {
            held.ForEach(h => h.Connection.Dispose());
            heldOnRemoved.ForEach(c => c.Dispose());
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task PidFile_MasterHandover_NamesTheNewMasterOnlyOnceItTookOverAndIsRemovedAtItsStop()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"sticky-pid-{Guid.NewGuid():N}.pid");
        int? newMaster = null;
        try
        {
            await using var cluster = await HelloCluster.StartAsync(workers: 1, Hocon(pidFile));
            Assert.Equal(cluster.MasterPid, await PidInFileAsync(pidFile, p => p == cluster.MasterPid));
            var from = cluster.Output.Count;
            Assert.True(Signals.Kill(cluster.MasterPid, SIGUSR2));

            // While the new master starts, the old one names it as its successor and is still current.
            var during = await cluster.WaitForStatusAsync(s => SuccessorPid(s) != 0, s_timeout);
            var successor = SuccessorPid(during);
            Assert.Equal(cluster.MasterPid, CurrentMasterPid(during));
            var serving = await cluster.Output.WaitForAsync(NewMasterServes(), s_timeout, from);
            newMaster = int.Parse(serving.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.Equal(successor, newMaster);
            Assert.Equal(newMaster, await PidInFileAsync(pidFile, p => p == newMaster));
            await HandoverProcesses.ExitedAsync(cluster.Process, s_timeout);

            // The old master's stop left the file alone (it names the new master); the new one reports itself current.
            Assert.Equal(newMaster, await PidInFileAsync(pidFile, p => p == newMaster));
            var status = await StickyActorHost.QueryStatusJsonAsync(newMaster.Value);
            Assert.Contains($"\"CurrentMasterPid\":{newMaster}", status, StringComparison.Ordinal);

            // A clean stop of the new master removes the file that names it.
            Assert.True(Signals.Kill(newMaster.Value, Signals.SIGTERM));
            var clock = Stopwatch.StartNew();
            while (File.Exists(pidFile) && clock.Elapsed < s_timeout)
            {
                await Task.Delay(100);
            }

            Assert.False(File.Exists(pidFile), "the new master's clean stop did not remove its pid file");
        }
        finally
        {
            HandoverProcesses.KillMasterAndWorkers(newMaster);
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task Ttin_AtMaxCount_RefusedWithALoggedErrorAndTheCountUnchanged()
    {
        await using var full = await HelloCluster.StartAsync(workers: 1, "sticky-actors.workers.max-count = 1");
        Assert.True(Signals.Kill(full.MasterPid, SIGTTIN));
        await full.Output.WaitForAsync(MaxCountRefusal(), s_timeout);
        Assert.True(Signals.Kill(full.MasterPid, SIGTTOU));
        await full.Output.WaitForAsync(LastSlotRefusal(), s_timeout);
        Assert.Single((await full.StatusAsync()).Workers);
        Assert.Empty(full.Output.Since(0).Where(line => line.Contains("launched as pid", StringComparison.Ordinal)).Skip(1));
    }

    private static string Hocon(string pidFile) => $$"""
        sticky-actors {
          workers { shutdown-timeout = 10s, max-count = 4 }
          handoff.no-worker-timeout = 60s
          routing.max-interim = 20s
          master.pid-file = "{{pidFile}}"
        }
        """;

    private static long WorkerSteered(ClusterSnapshot status, int id) =>
        System.Text.Json.JsonDocument.Parse(status.Raw).RootElement.GetProperty("Workers")[id].GetProperty("ConnectionsSteered").GetInt64();

    private static int SuccessorPid(ClusterSnapshot status) => JsonInt(status.Raw, "SuccessorPid");

    private static int CurrentMasterPid(ClusterSnapshot status) => JsonInt(status.Raw, "CurrentMasterPid");

    private static int JsonInt(string json, string name) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty(name).GetInt32();

    /// <summary>Waits until the pid file exists and its pid satisfies <paramref name="expected"/>; returns the pid read last.</summary>
    private static async Task<int?> PidInFileAsync(string path, Func<int, bool> expected)
    {
        var clock = Stopwatch.StartNew();
        int? pid = null;
        while (clock.Elapsed < s_timeout)
        {
            if (File.Exists(path) && int.TryParse(await File.ReadAllTextAsync(path), CultureInfo.InvariantCulture, out var read))
            {
                pid = read;
                if (expected(read))
                {
                    return read;
                }
            }

            await Task.Delay(50);
        }

        return pid;
    }

    private static async Task WaitForAnswersAsync(TrackedTraffic traffic, TimeSpan from, int answers)
    {
        var clock = Stopwatch.StartNew();
        while (traffic.AnsweredSince(from) < answers)
        {
            Assert.True(clock.Elapsed < s_timeout, $"only {traffic.AnsweredSince(from)} of {answers} answers within {s_timeout}");
            await Task.Delay(50);
        }
    }



    [GeneratedRegex(@"Worker slot 2 added")]
    private static partial Regex SlotAddedLine();

    [GeneratedRegex(@"Removed worker slot 2's last process exited")]
    private static partial Regex RemovedSlotExited();

    [GeneratedRegex(@"Worker count not changed: already 1 worker slot\(s\)")]
    private static partial Regex MaxCountRefusal();

    [GeneratedRegex(@"Worker count not changed: the last worker slot is never removed")]
    private static partial Regex LastSlotRefusal();

    [GeneratedRegex(@"Master handover: new master (\d+) serves")]
    private static partial Regex NewMasterServes();
}
