using StickyActors.Handoff;

namespace StickyActors.Routing;

/// <summary>
/// An immutable bucket table the routing actor publishes and the accept path reads without locks:
/// the actor decides, the hot path only looks up.
/// </summary>
/// <remarks>
/// <paramref name="holdOnLoss"/> says what the accept thread does when a bucket's owner died before
/// the actor published a new table: with it, a home bucket's connection waits for the replacement
/// (as the actor will decide); without it, and for a bucket away from home, it goes to the interim
/// owner the actor will publish (<see cref="InterimOwner"/>). <paramref name="homes"/> is every
/// bucket's home slot (null: bucket b mod the number of targets). <paramref name="slots"/> is the
/// worker slots the table has now (0: one per target); targets beyond it are room to grow.
/// </remarks>
internal sealed class RoutingSnapshot(int[] owners, IHandoffTarget?[] targets, ulong seed, long version, bool holdOnLoss = false, int[]? homes = null, int slots = 0)
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

    /// <summary>The worker slots of this table (slots added and removed at run time included).</summary>
    public int Slots => slots > 0 ? slots : targets.Length;

    public IHandoffTarget? Target(int worker) => targets[worker];

    public int BucketOf(in ClientAddress client) => AffinityHash.Bucket(AffinityHash.Of(client, seed), owners.Length);

    public int BucketOfKey(ulong key) => AffinityHash.Bucket(key, owners.Length);

    /// <summary>A worker-aware view of this table: per worker, what it owns, holds and misses.</summary>
    public BucketOwnership Ownership() => BucketOwnership.Of(owners, targets.Length, homes);

    /// <summary>The home slot of <paramref name="bucket"/>.</summary>
    public int HomeOf(int bucket) => homes?[bucket] ?? bucket % targets.Length;

    /// <summary>
    /// The owner's channel; null while the bucket waits (unowned: its home worker is starting or
    /// being replaced). If the owner just died (before the actor published a new table), what the
    /// actor will publish: the home worker if it is live; else null for a home bucket under
    /// <c>holdOnLoss</c>; else the interim owner's channel.
    /// </summary>
    public IHandoffTarget? TargetFor(int bucket)
    {
        var owner = owners[bucket];
        if (owner < 0)
        {
            return null;
        }

        if (targets[owner] is { IsAlive: true } target)
        {
            return target;
        }

        var home = HomeOf(bucket);
        if (targets[home] is { IsAlive: true } homeTarget)
        {
            return homeTarget;
        }

        return holdOnLoss && owner == home ? null : InterimTarget(bucket);
    }

    private IHandoffTarget? InterimTarget(int bucket)
    {
        Span<bool> live = stackalloc bool[targets.Length];
        for (var worker = 0; worker < live.Length; worker++)
        {
            live[worker] = targets[worker] is { IsAlive: true };
        }

        var interim = InterimOwner.Pick(bucket, seed, live);
        return interim == BucketTable.Unowned ? null : targets[interim];
    }
}
