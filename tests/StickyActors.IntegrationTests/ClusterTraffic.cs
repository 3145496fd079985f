using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Requests from many client addresses to the hosts of a cluster, recording which worker pid served
/// each address, in order. A request that fails is tried once more (a forwarded connection whose
/// owner died is closed, and a real client reconnects); one that fails twice is a failure.
/// </summary>
internal sealed class ClusterTraffic
{
    private static readonly TimeSpan s_request = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<IPAddress, ConcurrentQueue<int>> _served = new();
    private long _failures;
    private long _retries;

    public ClusterTraffic(int count)
    {
        // 127.1.b.i: away from the hosts' own 127.0.0.x addresses.
        Clients = Enumerable.Range(0, count).Select(i => new IPAddress(new byte[] { 127, 1, (byte)(1 + (i / 250)), (byte)(1 + (i % 250)) })).ToArray();
    }

    public IReadOnlyList<IPAddress> Clients { get; }

    public long Failures => Interlocked.Read(ref _failures);

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Every pid that served <paramref name="client"/>, in order, repeats folded.</summary>
    public IReadOnlyList<int> PidsOf(IPAddress client)
    {
        var distinct = new List<int>();
        foreach (var pid in _served.GetValueOrDefault(client) ?? [])
        {
            if (distinct.Count == 0 || distinct[^1] != pid)
            {
                distinct.Add(pid);
            }
        }

        return distinct;
    }

    public int LastPidOf(IPAddress client) => PidsOf(client) is [.., var last] ? last : 0;

    /// <summary>One request from every client, each to a random host of <paramref name="hosts"/>, <paramref name="parallel"/> at a time.</summary>
    public Task RoundAsync(IReadOnlyList<ClusterHost> hosts, int parallel = 8) =>
        Parallel.ForEachAsync(Clients, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (client, _) => await RequestAsync(client, hosts[Random.Shared.Next(hosts.Count)]));

    /// <summary>Rounds in random client order until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunUntilAsync(Func<IReadOnlyList<ClusterHost>> hosts, CancellationToken stop, int parallel = 4)
    {
        var workers = Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var targets = hosts();
                await RequestAsync(Clients[Random.Shared.Next(Clients.Count)], targets[Random.Shared.Next(targets.Count)]);
            }
        });
        await Task.WhenAll(workers);
    }

    private async Task RequestAsync(IPAddress client, ClusterHost host)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                var answer = await HttpProbe.GetAsync(client, host.Public, s_request);
                if (answer is { Status: 200, Pid: > 0 })
                {
                    _served.GetOrAdd(client, _ => new ConcurrentQueue<int>()).Enqueue(answer.Pid);
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
            {
            }

            if (attempt == 0)
            {
                Interlocked.Increment(ref _retries);
            }
        }

        Interlocked.Increment(ref _failures);
    }
}
