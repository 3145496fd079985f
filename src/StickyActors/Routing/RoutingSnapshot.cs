using StickyActors.Handoff;

namespace StickyActors.Routing;

/// <summary>
/// An immutable bucket table the routing actor publishes and the accept path reads without locks:
/// the actor decides, the hot path only looks up.
/// </summary>
internal sealed class RoutingSnapshot(int[] owners, IHandoffTarget?[] targets, ulong seed, long version)
{
    public static RoutingSnapshot Empty(int buckets, int workers, ulong seed)
    {
        var owners = new int[buckets];
        Array.Fill(owners, BucketTable.Unowned);
        return new RoutingSnapshot(owners, new IHandoffTarget?[workers], seed, 0);
    }

    public long Version => version;

    public int Buckets => owners.Length;

    public int OwnerOf(int bucket) => owners[bucket];

    public IHandoffTarget? Target(int worker) => targets[worker];

    public int BucketOf(in ClientAddress client) => AffinityHash.Bucket(AffinityHash.Of(client, seed), owners.Length);

    public int BucketOfKey(ulong key) => AffinityHash.Bucket(key, owners.Length);

    /// <summary>
    /// The owner's channel; if that worker just died (before the actor published a new table), the
    /// first live worker after it, so no connection waits on a dead worker.
    /// </summary>
    public IHandoffTarget? TargetFor(int bucket)
    {
        var owner = owners[bucket];
        if (owner >= 0 && targets[owner] is { IsAlive: true } target)
        {
            return target;
        }

        for (var i = 0; i < targets.Length; i++)
        {
            if (targets[(bucket + i) % targets.Length] is { IsAlive: true } fallback)
            {
                return fallback;
            }
        }

        return null;
    }
}
