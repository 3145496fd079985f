using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// Chat masters forming one StickyActors cluster on loopback: host i (from 1) binds its public,
/// cluster and forward listeners (port 0) on 127.0.0.(20 + i); the first starts the cluster and the
/// others join through it. Ready once every master sees every host Up, reachable and owning buckets.
/// Disposing stops every master and kills every worker, by pid.
/// </summary>
internal sealed partial class ChatHosts : IAsyncDisposable
{
    private const string Secret = "signalr-tests-cluster-secret-0123456789abcdef";

    private readonly List<(ChatCluster Master, string ClusterAddress)> _hosts = [];

    private ChatHosts()
    {
    }

    /// <summary>The hosts' masters, host 1 first.</summary>
    public IReadOnlyList<ChatCluster> Masters => [.. _hosts.Select(h => h.Master)];

    public static async Task<ChatHosts> StartAsync(int hosts, int workers, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var group = new ChatHosts();
        try
        {
            for (var i = 1; i <= hosts; i++)
            {
                var address = IPAddress.Parse($"127.0.0.{20 + i}");
                var seeds = group._hosts.Take(1).Select(h => h.ClusterAddress);
                var hocon = LoopbackClusterConfig.Hocon(address, seeds, Secret, more: "split-brain-resolver.stable-after = 3s");
                var master = await ChatCluster.StartAsync(workers, timeout - deadline.Elapsed, address, hocon);
                group._hosts.Add((master, string.Empty));
                var member = MemberLine().Match(await master.WaitForLineAsync(MemberLine().IsMatch, timeout - deadline.Elapsed));
                group._hosts[^1] = (master, member.Groups[1].Value);
            }

            await group.WaitForMembersAsync(timeout - deadline.Elapsed);
            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Where <paramref name="client"/>'s connections are served: the index of the host owning its
    /// bucket (asked of host 1, then of the owner) and the pid of the owner's worker.
    /// </summary>
    public async Task<(int Host, int WorkerPid)> OwnerAsync(IPAddress client, TimeSpan timeout)
    {
        var route = await ClientRoute.AskAsync(_hosts[0].Master.MasterPid, client, timeout);
        var owner = _hosts.FindIndex(h => h.ClusterAddress == route.Host);
        if (owner < 0)
        {
            throw new InvalidOperationException($"{client} is owned by {route.Host}, none of {string.Join(", ", _hosts.Select(h => h.ClusterAddress))}.");
        }

        if (owner != 0)
        {
            route = await ClientRoute.AskAsync(_hosts[owner].Master.MasterPid, client, timeout);
        }

        return route is { ThisHost: true, WorkerPid: { } pid }
            ? (owner, pid)
            : throw new InvalidOperationException($"host {owner + 1} does not serve {client} itself: {route}");
    }

    /// <summary>Every host's status line, host 1 first.</summary>
    public async Task<IReadOnlyList<string>> StatusLinesAsync()
    {
        var lines = new List<string>();
        foreach (var (master, _) in _hosts)
        {
            lines.Add(await master.StatusLineAsync());
        }

        return lines;
    }

    public async ValueTask DisposeAsync() => await Task.WhenAll(_hosts.Select(h => h.Master.DisposeAsync().AsTask()));

    /// <summary>Asks every master for its status until each sees every host Up, reachable and owning buckets.</summary>
    private async Task WaitForMembersAsync(TimeSpan timeout)
    {
        var expected = _hosts.Select(h => h.ClusterAddress).Order(StringComparer.Ordinal).ToList();
        using var deadline = new CancellationTokenSource(timeout);
        foreach (var (master, _) in _hosts)
        {
            while (true)
            {
                var line = await master.StatusLineAsync();
                if (StickyStatusLine.ServingHosts(line).Order(StringComparer.Ordinal).SequenceEqual(expected))
                {
                    break;
                }

                if (deadline.IsCancellationRequested)
                {
                    throw new TimeoutException($"{master.EndPoint} does not see {expected.Count} serving hosts after {timeout.TotalSeconds:0} s: {line}{Environment.NewLine}{master.RecentOutput()}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
            }
        }
    }

    [GeneratedRegex(@"Cluster member (akka\.\S+) forwards on (\S+) \(seeds")]
    private static partial Regex MemberLine();
}
