using System.Net;

namespace StickyActors.IntegrationTests;

/// <summary>Real master and worker processes on loopback: who serves which client.</summary>
public sealed class StickinessTests
{
    private static readonly TimeSpan s_request = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ManySourceAddresses_RepeatedConnections_EachAlwaysReachesTheSameWorker()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        await WaitBalancedAsync(cluster);

        var first = await MapAsync(cluster, HttpProbe.Sources(block: 10, count: 60));
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(first, await MapAsync(cluster, HttpProbe.Sources(block: 10, count: 60)));
        }

        Assert.Equal(2, first.Values.Distinct().Count());
        Assert.All(first.Values.GroupBy(w => w), g => Assert.InRange(g.Count(), 15, 45));
    }

    [Fact]
    public async Task Worker_SeesTheRealClientAddress()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 1);

        var answer = await HttpProbe.GetAsync(IPAddress.Parse("127.0.11.7"), cluster.Port, s_request);

        Assert.Equal(200, answer.Status);
        Assert.Equal("127.0.11.7", answer.ClientAddress);
    }

    [Fact]
    public async Task MasterRestart_SameClients_ReachTheSameWorkerIds()
    {
        var sources = HttpProbe.Sources(block: 12, count: 40);
        Dictionary<IPAddress, int> before;
        await using (var cluster = await HelloCluster.StartAsync(workers: 2))
        {
            await WaitBalancedAsync(cluster);
            before = await MapAsync(cluster, sources);
        }

        await using var restarted = await HelloCluster.StartAsync(workers: 2);
        await WaitBalancedAsync(restarted);

        Assert.Equal(before, await MapAsync(restarted, sources));
    }

    [Fact]
    public async Task KillNine_OneWorker_ReplacementComesUpAndOtherClientsKeepTheirWorker()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, """
            sticky-actors.workers.restart-backoff { min = 200ms, max = 1s }
            sticky-actors.routing.replacement-wait = 30s
            """);
        await WaitBalancedAsync(cluster);
        var sources = HttpProbe.Sources(block: 13, count: 40);
        var before = await MapAsync(cluster, sources);
        var victim = (await cluster.StatusAsync()).Worker(1);

        Interop.Libc.Kill(victim.Pid, 9);
        var replaced = await cluster.WaitForStatusAsync(
            s => s.Worker(1).State == "Running" && s.Worker(1).Pid != victim.Pid, TimeSpan.FromSeconds(60));

        Assert.Equal(1, replaced.Worker(1).Restarts);
        Assert.Equal(137, replaced.Worker(1).LastExitCode);
        var after = await MapAsync(cluster, sources);
        foreach (var (source, worker) in before)
        {
            if (worker == 0)
            {
                Assert.Equal(0, after[source]);
            }
        }

        // Worker 1's buckets waited for its replacement (routing.on-worker-loss = wait), so its
        // clients changed worker once: to the replacement, never to worker 0 in between.
        Assert.All(before.Where(b => b.Value == 1), b => Assert.Equal(1, after[b.Key]));
    }

    internal static async Task<ClusterSnapshot> WaitBalancedAsync(HelloCluster cluster) =>
        await cluster.WaitForStatusAsync(s => s.Workers.All(w => w.BucketsOwned > 0), TimeSpan.FromSeconds(30));

    internal static async Task<Dictionary<IPAddress, int>> MapAsync(HelloCluster cluster, IEnumerable<IPAddress> sources)
    {
        var map = new Dictionary<IPAddress, int>();
        foreach (var source in sources)
        {
            var answer = await HttpProbe.GetAsync(source, cluster.Port, s_request);
            Assert.Equal(200, answer.Status);
            map[source] = answer.WorkerId;
        }

        return map;
    }
}
