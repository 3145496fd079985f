using System.Text;

namespace StickyActors.Routing;

/// <summary>
/// Which host owns each bucket, by weighted rendezvous (highest random weight) hashing: for each
/// bucket every host scores <c>-weight / ln(u)</c>, with <c>u</c> in (0, 1) from a hash of the host's
/// Id and the bucket, and the highest score owns it. Every host computes the same table from the same
/// members, whatever order it learned them in (hosts are sorted by Id, the hash is stable across
/// processes); a host joining takes only buckets for itself, a host leaving gives away only its own,
/// and each host's share is its weight over the total. A host of weight 0 owns nothing. The runner-up
/// of a bucket (the second highest score) is where it goes if its owner leaves.
/// </summary>
internal static class HostRendezvous
{
    public static HostTable Compute(IEnumerable<HostEntry> hosts, int buckets, long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        var sorted = hosts.OrderBy(h => h.Id, StringComparer.Ordinal).ToArray();
        var ids = sorted.Select(h => IdHash(h.Id)).ToArray();
        var owners = new int[buckets];
        var runnersUp = new int[buckets];
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            var best = -1;
            var bestScore = 0d;
            var second = -1;
            var secondScore = 0d;
            for (var i = 0; i < sorted.Length; i++)
            {
                if (sorted[i].Weight <= 0)
                {
                    continue;
                }

                var score = Score(ids[i], bucket, sorted[i].Weight);
                if (best < 0 || score > bestScore)
                {
                    (second, secondScore) = (best, bestScore);
                    best = i;
                    bestScore = score;
                }
                else if (second < 0 || score > secondScore)
                {
                    second = i;
                    secondScore = score;
                }
            }

            owners[bucket] = best;
            runnersUp[bucket] = second;
        }

        return new HostTable(sorted, owners, version, runnersUp);
    }

    /// <summary><c>-weight / ln(u)</c>: larger for heavier hosts, an exponential race between hosts.</summary>
    internal static double Score(ulong idHash, int bucket, int weight)
    {
        var h = SplitMix64(idHash ^ SplitMix64((ulong)(uint)bucket + 0x9E37_79B9_7F4A_7C15UL));
        var u = ((h >> 11) + 0.5) / (1UL << 53);
        return -weight / Math.Log(u);
    }

    /// <summary>FNV-1a over the Id's UTF-8 bytes, finished by splitmix64: the same in every process.</summary>
    internal static ulong IdHash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return SplitMix64(hash);
    }

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E37_79B9_7F4A_7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return x ^ (x >> 31);
    }
}
