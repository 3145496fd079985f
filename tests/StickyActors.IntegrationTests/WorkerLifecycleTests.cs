using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.IntegrationTests;

/// <summary>Replacing, losing and crash-looping workers under real load, with real processes.</summary>
public sealed class WorkerLifecycleTests
{
    [Theory]
    [InlineData("master")]
    [InlineData("kernel")]
    public async Task Sighup_UnderLoad_ReplacesEveryWorkerWithNoFailedRequest(string steering)
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, $"sticky-actors.listen.steering = {steering}");
        var before = await StickinessTests.WaitBalancedAsync(cluster);
        await using var load = new LoadLoop(cluster.Port, loops: 4, block: 20, TimeSpan.FromSeconds(90));
        await WaitForRequestsAsync(load, 50);

        Signals.Kill(cluster.MasterPid, Signals.SIGHUP);
        var after = await cluster.WaitForStatusAsync(
            s => s.Workers.All(w => w.State == "Running" && w.Pid != before.Worker(w.Id).Pid), TimeSpan.FromSeconds(60));
        await cluster.Output.WaitForAsync(new("Rolling restart complete"), TimeSpan.FromSeconds(30));
        var during = load.Succeeded;
        await WaitForRequestsAsync(load, during + 50);
        await load.DisposeAsync();

        Assert.Empty(load.Failures);
        var drained = Stopwatch.StartNew();
        while (before.Workers.Any(w => ProcFs.IsAlive(w.Pid)) && drained.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        Assert.All(before.Workers, w => Assert.False(ProcFs.IsAlive(w.Pid), $"old worker {w.Pid} still running after its drain"));
        Assert.Equal(before.Workers.Select(w => w.BucketsOwned), after.Workers.Select(w => w.BucketsOwned));
    }

    [Theory]
    [InlineData("master")]
    [InlineData("kernel")]
    public async Task KillNine_UnderLoad_SurvivorsClientsNeverFailAndTheVictimsMoveToTheSurvivor(string steering)
    {
        // The interim rule (buckets go to a live worker at once); the default wait-for-the-replacement
        // rule is proven under traffic by RoutingUnderTrafficTests.
        await using var cluster = await HelloCluster.StartAsync(workers: 2, $$"""
            sticky-actors.workers.restart-backoff { min = 1s, max = 2s }
            sticky-actors.routing.on-worker-loss = interim
            sticky-actors.listen.steering = {{steering}}
            """);
        await StickinessTests.WaitBalancedAsync(cluster);
        var victim = (await cluster.StatusAsync()).Worker(1);
        var sources = HttpProbe.Sources(block: 21, count: 40);
        var owner = await StickinessTests.MapAsync(cluster, sources);
        Assert.Equal(2, owner.Values.Distinct().Count());

        // Both groups of clients keep asking from before the kill until the replacement runs; every
        // answer is counted by kind: served by worker 0, by worker 1, or failed.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var survivors = new OutcomeLoop(cluster.Port, [.. sources.Where(s => owner[s] == 0)], stop.Token);
        var victims = new OutcomeLoop(cluster.Port, [.. sources.Where(s => owner[s] == 1)], stop.Token);
        await Task.WhenAll(survivors.WaitForAsync(5), victims.WaitForAsync(5));

        Signals.Kill(victim.Pid, Signals.SIGKILL);
        var clock = Stopwatch.StartNew();
        // While worker 1 is down (its replacement waits out the 1 s backoff, then starts), its
        // clients must reach worker 0: the master moves their buckets. Before it noticed the exit,
        // their requests may fail: only theirs.
        var moved = await victims.WaitForNextServedByWorkerZeroAsync(TimeSpan.FromSeconds(30));
        await cluster.WaitForStatusAsync(s => s.Worker(1).State == "Running" && s.Worker(1).Pid != victim.Pid, TimeSpan.FromSeconds(60));
        var recovery = clock.Elapsed;
        await stop.CancelAsync();
        var survivorOutcomes = await survivors.StopAsync();
        var victimOutcomes = await victims.StopAsync();

        Assert.True(survivorOutcomes.ServedBy0 >= 5, $"survivors: {survivorOutcomes}");
        Assert.Equal(0, survivorOutcomes.ServedBy1);
        Assert.Equal(0, survivorOutcomes.Failed);
        Assert.True(moved, $"no client of the killed worker was served by worker 0 after the kill; victims: {victimOutcomes}");
        Assert.True(victimOutcomes.ServedBy1 >= 5, $"victims: {victimOutcomes}");
        Assert.True(recovery < TimeSpan.FromSeconds(60), $"replacement took {recovery}");
    }

    [Fact]
    public async Task CrashLoop_AtStartup_BacksOffReportsTheReasonAndTheMasterStillAnswersConnections()
    {
        await using var cluster = HelloCluster.Launch(workers: 1, """
            sticky-actors {
              workers.executable = "/bin/sh"
              workers.arguments = ["-c", "echo 'fatal: cannot open database' >&2; exit 7"]
              workers.restart-backoff { min = 100ms, max = 800ms, random-factor = 0 }
              handoff.no-worker-timeout = 500ms
            }
            """);
        var listening = await cluster.Output.WaitForAsync(new("accepting on 127\\.0\\.0\\.1:(\\d+)"), TimeSpan.FromSeconds(60));
        var port = int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture);

        var first = await cluster.WaitForStatusAsync(s => s.Worker(0).Restarts >= 2, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        // The master answers a client while its only worker crash-loops: accepted, held for the
        // no-worker timeout, then closed and counted.
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            Assert.Equal(0, await client.ReceiveAsync(new byte[16]).WaitAsync(TimeSpan.FromSeconds(15)));
        }

        var later = await cluster.WaitForStatusAsync(
            s => s.Worker(0).Restarts >= first.Worker(0).Restarts + 3 && s.Raw.Contains("\"DroppedNoWorker\":1", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        var elapsed = clock.Elapsed;

        Assert.Equal(7, later.Worker(0).LastExitCode);
        Assert.Contains("fatal: cannot open database", later.Worker(0).LastError, StringComparison.Ordinal);
        // After two restarts the backoff is at least 400 ms (100, 200, 400, then 800 ms): in any
        // window, at most one restart plus one per 400 ms. A loaded machine only makes fewer.
        var restarts = later.Worker(0).Restarts - first.Worker(0).Restarts;
        Assert.InRange(restarts, 3, 1 + (int)(elapsed / TimeSpan.FromMilliseconds(400)));
    }

    [Fact]
    public async Task NoWorkerAlive_AcceptedConnection_IsHeldThenClosedAndCounted()
    {
        await using var cluster = HelloCluster.Launch(workers: 1, """
            sticky-actors {
              workers.executable = "/bin/sh"
              workers.arguments = ["-c", "exit 1"]
              workers.restart-backoff { min = 1s, max = 5s }
              handoff.no-worker-timeout = 500ms
            }
            """);
        var listening = await cluster.Output.WaitForAsync(new("accepting on 127\\.0\\.0\\.1:(\\d+)"), TimeSpan.FromSeconds(60));
        var port = int.Parse(listening.Groups[1].Value);

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var clock = Stopwatch.StartNew();
        var read = await client.ReceiveAsync(new byte[16]).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, read);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
        var status = await cluster.StatusAsync();
        Assert.Contains("\"DroppedNoWorker\":1", status.Raw, StringComparison.Ordinal);
    }

    private static async Task WaitForRequestsAsync(LoadLoop load, long count)
    {
        var clock = Stopwatch.StartNew();
        while (load.Succeeded < count && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        Assert.True(load.Succeeded >= count, $"load stalled at {load.Succeeded} requests; failures: {string.Join("; ", load.Failures)}");
    }
}
