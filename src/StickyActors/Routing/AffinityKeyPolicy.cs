using StickyActors.Configuration;
using StickyActors.Handoff;

namespace StickyActors.Routing;

/// <summary>
/// Turns a client (or an HTTP key value) into the hash that picks its bucket, or an affinity cookie
/// into the bucket it names (<paramref name="buckets"/>: the table's size, for the cookie).
/// </summary>
internal sealed class AffinityKeyPolicy(AffinitySettings settings, ulong seed, int buckets = 0)
{
    private readonly ulong _cookieKey = AffinityCookie.KeyFor(seed);

    private readonly bool _prefix = settings.Key == AffinityKeySource.IpPrefix;

    /// <summary>The HTTP key's name as bytes, encoded once rather than per connection.</summary>
    public byte[] Name { get; } = System.Text.Encoding.ASCII.GetBytes(settings.Name);

    public ulong ForClient(in ClientAddress client) =>
        AffinityHash.Of(_prefix ? client.MaskTo(settings.Ipv4Prefix, settings.Ipv6Prefix) : client, seed);

    public ulong ForValue(ReadOnlySpan<byte> value) => KeyHash.HashKey(value, seed);

    /// <summary>Affinity cookies routed to their bucket, and invalid ones routed by address instead.</summary>
    public AffinityCookieCounters Cookies { get; } = new();

    /// <summary>
    /// The bucket an affinity cookie names, or -1 (counted as rejected) when it is not a valid value
    /// for this cluster. Allocation-free; never throws.
    /// </summary>
    public int BucketOfCookie(ReadOnlySpan<byte> value)
    {
        if (AffinityCookie.Decode(value, buckets, _cookieKey, out var bucket) == AffinityCookieStatus.Valid)
        {
            Cookies.OnRouted();
            return bucket;
        }

        Cookies.OnRejected();
        return -1;
    }
}
