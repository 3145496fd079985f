using System.Diagnostics;
using StickyActors.Routing;
using Xunit.Abstractions;

namespace StickyActors.Tests.Cluster;

/// <summary>Real clusters in-process, on 127.0.0.1 port 0, without TLS (insecure-loopback-only).</summary>
public sealed class ClusterFormationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<ClusterNode> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task ThreeHosts_FormACluster_AndPublishTheIdenticalTable_ThenTheSurvivorsDownAVanishedHost_AndOnlyItsBucketsMove()
    {
        var clock = Stopwatch.StartNew();
        var a = Start(5001);
        var b = Start(5002);
        // c vanishes without leaving: terminating its system does not run the cluster's leave.
        var c = Start(5003, "akka.coordinated-shutdown.run-by-actor-system-terminate = off");
        await a.System.JoinAsync(a.System.SelfAddress).WaitAsync(TimeSpan.FromSeconds(15));
        await Task.WhenAll(b.System.JoinAsync(a.System.SelfAddress), c.System.JoinAsync(a.System.SelfAddress)).WaitAsync(TimeSpan.FromSeconds(15));

        await Eventually(() => _nodes.All(n => n.Holder.Current.Hosts.Count == 3) && _nodes.Select(n => Owners(n.Holder.Current)).Distinct().Count() == 1, "the three hosts publish one table");
        output.WriteLine($"formed in {clock.ElapsedMilliseconds} ms");
        // Formation, failure detection and downing below all run on the tick-less scheduler (Akka's
        // 10 ms wheel kept an idle cluster master at about 6 % of a core).
        Assert.All(_nodes, n => Assert.IsType<StickyActors.ControlPlane.TimerQueueScheduler>(n.System.System.Scheduler));
        var before = a.Holder.Current;
        Assert.Equal(1, before.Hosts.Count(h => h.IsSelf));
        Assert.Equal(a.Id, Assert.Single(before.Hosts, h => h.IsSelf).Id);
        Assert.All(before.BucketCounts(), n => Assert.InRange(n, 1024 / 3 * 0.85, 1024 / 3 * 1.15));
        var view = await b.ViewAsync();
        Assert.Equal(3, view.Members.Count);
        Assert.Equal(b.Id, view.SelfAddress);
        Assert.Equal(1024, view.Members.Sum(m => m.OwnedBuckets));
        Assert.Equal(view.OwnerOf(7), before.OwnerOf(7)!.Id);

        var vanished = c.Id;
        clock.Restart();
        await c.System.System.Terminate().WaitAsync(TimeSpan.FromSeconds(10));

        await Eventually(() => new[] { a, b }.All(n => n.Left.Contains(vanished) && n.Holder.Current.Hosts.Count == 2), "the survivors down the vanished host and publish a table without it");
        output.WriteLine($"vanished host downed and dropped from the table in {clock.ElapsedMilliseconds} ms");
        var after = a.Holder.Current;
        Assert.Equal(Owners(after), Owners(b.Holder.Current));
        for (var bucket = 0; bucket < 1024; bucket++)
        {
            if (before.OwnerOf(bucket)!.Id != vanished)
            {
                Assert.Equal(before.OwnerOf(bucket)!.Id, after.OwnerOf(bucket)!.Id);
            }
        }

        Assert.Contains(a.Logs.Entries, e => e.EventId.Id == 8005 && e.Message.Contains(vanished, StringComparison.Ordinal) && e.Message.Contains("keep-majority", StringComparison.Ordinal));
        Assert.Contains(a.Logs.Entries, e => e.EventId.Id == 8002 && e.Message.Contains(vanished, StringComparison.Ordinal));
        Assert.False(a.SelfDowned);
        Assert.False(b.SelfDowned);
    }

    private ClusterNode Start(int forwardPort, string? overrides = null)
    {
        var node = ClusterNode.Start(forwardPort, overrides: overrides);
        _nodes.Add(node);
        return node;
    }

    private async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"Not within 30 s: {what}\n" + string.Join("\n", _nodes.Select(n => n.Diagnostics())));
            }

            await Task.Delay(50);
        }
    }

    private static string Owners(HostTable table) => string.Join(",", Enumerable.Range(0, 1024).Select(b => table.OwnerOf(b)?.Id));
}
