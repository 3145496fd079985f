using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.IntegrationTests;

/// <summary>Replacing, losing and crash-looping workers under real load, with real processes.</summary>
public sealed class WorkerLifecycleTests
{
    [Fact]
    public async Task Sighup_UnderLoad_ReplacesEveryWorkerWithNoFailedRequest()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var before = await StickinessTests.WaitBalancedAsync(cluster);
        await using var load = new LoadLoop(cluster.Port, loops: 4, block: 20, TimeSpan.FromSeconds(90));
        await WaitForRequestsAsync(load, 50);

        Handoff.Interop.Libc.Kill(cluster.MasterPid, 1);
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

    [Fact]
    public async Task KillNine_UnderLoad_OnlyThatWorkersClientsCanFail()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        await StickinessTests.WaitBalancedAsync(cluster);
        var victim = (await cluster.StatusAsync()).Worker(1);
        var sources = HttpProbe.Sources(block: 21, count: 40);
        var owner = await StickinessTests.MapAsync(cluster, sources);
        var survivorsSources = sources.Where(s => owner[s] == 0).ToArray();

        var survivorFailures = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var survivorLoad = Task.Run(async () =>
        {
            var succeeded = 0;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var answer = await HttpProbe.GetAsync(survivorsSources[i % survivorsSources.Length], cluster.Port, TimeSpan.FromSeconds(10));
                if (answer.Status != 200 || answer.WorkerId != 0)
                {
                    Interlocked.Increment(ref survivorFailures);
                }

                succeeded++;
            }

            return succeeded;
        });

        Handoff.Interop.Libc.Kill(victim.Pid, 9);
        var clock = Stopwatch.StartNew();
        await cluster.WaitForStatusAsync(s => s.Worker(1).State == "Running" && s.Worker(1).Pid != victim.Pid, TimeSpan.FromSeconds(60));
        var recovery = clock.Elapsed;
        await stop.CancelAsync();
        var served = await survivorLoad;

        Assert.True(served > 0);
        Assert.Equal(0, survivorFailures);
        Assert.True(recovery < TimeSpan.FromSeconds(30), $"replacement took {recovery}");
    }

    [Fact]
    public async Task CrashLoop_AtStartup_BacksOffReportsTheReasonAndKeepsTheMasterResponsive()
    {
        await using var cluster = HelloCluster.Launch(workers: 1, """
            sticky-actors {
              workers.executable = "/bin/sh"
              workers.arguments = ["-c", "echo 'fatal: cannot open database' >&2; exit 7"]
              workers.restart-backoff { min = 100ms, max = 800ms, random-factor = 0 }
              handoff.no-worker-timeout = 500ms
            }
            """);
        await cluster.Output.WaitForAsync(new("accepting on 127\\.0\\.0\\.1:(\\d+)"), TimeSpan.FromSeconds(60));

        var first = await cluster.WaitForStatusAsync(s => s.Worker(0).Restarts >= 2, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        var later = await cluster.WaitForStatusAsync(_ => clock.Elapsed > TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));

        Assert.Equal(7, later.Worker(0).LastExitCode);
        Assert.Contains("fatal: cannot open database", later.Worker(0).LastError, StringComparison.Ordinal);
        // Capped at 800 ms: about five restarts in four seconds, not hundreds.
        Assert.InRange(later.Worker(0).Restarts - first.Worker(0).Restarts, 2, 8);
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
