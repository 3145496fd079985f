using System.Net;
using BenchmarkDotNet.Attributes;
using StickyActors.Benchmarks.Load;
using StickyActors.Handoff;
using StickyActors.Routing;

namespace StickyActors.Benchmarks.Micro;

/// <summary>
/// The master's per-connection routing work, as the accept path does it: hash the client address,
/// map the hash to a bucket, look up the bucket's live target. Addresses cycle through 1,024 IPv4
/// and IPv6 clients so nothing folds to a constant. Target: under 50 ns and 0 bytes per connection.
/// </summary>
/// <remarks>Public and unsealed because BenchmarkDotNet derives from it; nothing else uses it.</remarks>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private const int Clients = 1024;
    private const int Buckets = 1024;
    private const ulong Seed = 1469598103934665603;

    private ClientAddress[] _clients = [];
    private ulong[] _hashes = [];
    private RoutingSnapshot _snapshot = RoutingSnapshot.Empty(Buckets, 1, Seed);
    private int _next;

    /// <summary>Worker processes behind the routing table.</summary>
    [Params(2, 16)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clients = new ClientAddress[Clients];
        _hashes = new ulong[Clients];
        for (var i = 0; i < Clients; i++)
        {
            var address = i % 4 == 3
                ? IPAddress.Parse($"2001:db8::{i:x}")
                : IPAddress.Parse(SockAddr.Format(SourceAddresses.AddressAt(i)));
            _clients[i] = ClientAddress.FromEndPoint(new IPEndPoint(address, 40_000 + i));
            _hashes[i] = AffinityHash.Of(_clients[i], Seed);
        }

        var table = new BucketTable(Buckets, Workers);
        var targets = new IHandoffTarget?[Workers];
        for (var worker = 0; worker < Workers; worker++)
        {
            table.WorkerUp(worker);
            targets[worker] = new AlwaysAliveTarget(worker);
        }

        _snapshot = new RoutingSnapshot(table.SnapshotOwners(), targets, Seed, 1);
    }

    /// <summary><c>AffinityHash.Of</c>: the seeded hash of one client address.</summary>
    [Benchmark]
    public ulong Hash() => AffinityHash.Of(in _clients[Next()], Seed);

    /// <summary><c>AffinityHash.Bucket</c>: hash to bucket without a division.</summary>
    [Benchmark]
    public int Bucket() => AffinityHash.Bucket(_hashes[Next()], Buckets);

    /// <summary>The whole per-connection path: <c>RoutingSnapshot.BucketOf</c> then <c>TargetFor</c>.</summary>
    [Benchmark(Baseline = true)]
    public int Route()
    {
        var snapshot = _snapshot;
        var bucket = snapshot.BucketOf(in _clients[Next()]);
        return snapshot.TargetFor(bucket)?.WorkerId ?? -1;
    }

    private int Next() => _next++ & (Clients - 1);
}
