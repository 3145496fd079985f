using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Several Hello masters on one machine forming one StickyActors cluster: host i listens (public,
/// cluster and forward ports, all port 0) on 127.0.0.(10 + i). The first forms the cluster; every
/// later one joins through the hosts running then. Disposing kills every master and worker, by pid.
/// </summary>
internal sealed partial class HostGroup : IAsyncDisposable
{
    public const string Secret = "integration-test-cluster-secret-0123456789";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    private readonly List<ClusterHost> _hosts = [];
    private readonly int _workers;
    private readonly string _extraHocon;

    private HostGroup(int workers, string extraHocon)
    {
        _workers = workers;
        _extraHocon = extraHocon;
    }

    public IReadOnlyList<ClusterHost> Hosts => _hosts;

    public static async Task<HostGroup> StartAsync(int hosts, int workers, string extraHocon = "")
    {
        var group = new HostGroup(workers, extraHocon);
        try
        {
            for (var i = 0; i < hosts; i++)
            {
                await group.AddHostAsync();
            }

            await group.WaitForMembersAsync(group.Hosts);
            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more host, joining through every host started before it that still runs.</summary>
    public async Task<ClusterHost> AddHostAsync()
    {
        var index = _hosts.Count + 1;
        var address = IPAddress.Parse($"127.0.0.{10 + index}");
        var seeds = _hosts.Where(h => !h.Master.Process.HasExited).Select(h => $"\"{h.ClusterAddress}\"");
        var hocon = $$"""
            sticky-actors.cluster {
              enabled = on
              hostname = "{{address}}"
              port = 0
              seed-nodes = [{{string.Join(", ", seeds)}}]
              forward.port = 0
              secret = "{{Secret}}"
              insecure-loopback-only = on
              split-brain-resolver.stable-after = 3s
              failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 2s }
            }
            {{_extraHocon}}
            """;
        var master = await HelloCluster.StartAsync(_workers, hocon, address: address.ToString());
        var member = await master.Output.WaitForAsync(MemberLine(), s_timeout);
        var host = new ClusterHost(index, address, master, member.Groups[1].Value, IPEndPoint.Parse(member.Groups[2].Value));
        _hosts.Add(host);
        return host;
    }

    /// <summary>Waits until every one of <paramref name="members"/> sees exactly them Up, reachable, and owning every bucket between them.</summary>
    public async Task WaitForMembersAsync(IReadOnlyCollection<ClusterHost> members, TimeSpan? timeout = null)
    {
        var expected = members.Select(m => m.ClusterAddress).Order().ToArray();
        var deadline = Stopwatch.StartNew();
        foreach (var host in members)
        {
            await host.Master.WaitForStatusAsync(
                s => s.Hosts.Where(h => h.State == "Up" && h.Reachable && h.BucketsOwned > 0).Select(h => h.Address).Order().SequenceEqual(expected)
                    && s.Hosts.Sum(h => h.BucketsOwned) == 1024,
                (timeout ?? s_timeout) - deadline.Elapsed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            Signals.Kill(host.Pid, Signals.SIGCONT);
            await host.Master.DisposeAsync();
        }
    }

    [GeneratedRegex(@"Cluster member (akka\.\S+) forwards on (\S+) \(seeds")]
    private static partial Regex MemberLine();
}
