namespace StickyActors.Routing;

/// <summary>
/// The one rule that picks the interim owner of a bucket whose owner is gone: rendezvous (highest
/// random weight) hashing of the bucket over the live workers, seeded. Pure and allocation-free, so
/// the accept thread (a send just failed) and the routing actor (publishing the next table) compute
/// the same worker from the same live set, and a victim client never sees two interim workers.
/// </summary>
/// <remarks>
/// Each (bucket, worker) pair gets a pseudo-random weight; the live worker with the highest weight
/// wins. A worker that dies moves only the buckets it won (minimal movement), and each of those goes
/// to the worker with the next highest weight, which spreads them evenly over the survivors.
/// </remarks>
internal static class InterimOwner
{
    private const ulong BucketSalt = 0x9E37_79B9_7F4A_7C15UL;
    private const ulong WorkerSalt = 0xD6E8_FEB8_6659_FD93UL;

    /// <summary>
    /// The live worker (index into <paramref name="live"/>) with the highest weight for
    /// <paramref name="bucket"/>, or <see cref="BucketTable.Unowned"/> when none is live.
    /// </summary>
    public static int Pick(int bucket, ulong seed, ReadOnlySpan<bool> live)
    {
        var best = BucketTable.Unowned;
        var bestWeight = 0UL;
        var bucketHash = AffinityHash.Mix(seed ^ ((ulong)(uint)bucket * BucketSalt));
        for (var worker = 0; worker < live.Length; worker++)
        {
            if (!live[worker])
            {
                continue;
            }

            var weight = Weight(bucketHash, worker);
            if (best == BucketTable.Unowned || weight > bestWeight)
            {
                best = worker;
                bestWeight = weight;
            }
        }

        return best;
    }

    private static ulong Weight(ulong bucketHash, int worker) => AffinityHash.Mix(bucketHash ^ ((ulong)(uint)(worker + 1) * WorkerSalt));
}
