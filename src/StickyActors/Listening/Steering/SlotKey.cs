using StickyActors.Handoff;
using StickyActors.Routing;

namespace StickyActors.Listening.Steering;

/// <summary>How a client address becomes a bucket under kernel steering: the master's rule, shared with the workers.</summary>
internal readonly record struct SlotKey(int Buckets, ulong Seed, bool Prefix, int Ipv4Prefix, int Ipv6Prefix)
{
    public int BucketOf(ClientAddress client) =>
        AffinityHash.Bucket(AffinityHash.Of(Prefix ? client.MaskTo(Ipv4Prefix, Ipv6Prefix) : client, Seed), Buckets);
}
