using StickyActors.Configuration;

namespace StickyActors.Routing;

/// <summary>Turns a client (or an HTTP key value) into the hash that picks its bucket.</summary>
internal sealed class AffinityKeyPolicy(AffinitySettings settings, ulong seed)
{
    private readonly bool _prefix = settings.Key == AffinityKeySource.IpPrefix;

    /// <summary>The HTTP key's name as bytes, encoded once rather than per connection.</summary>
    public byte[] Name { get; } = System.Text.Encoding.ASCII.GetBytes(settings.Name);

    public ulong ForClient(in ClientAddress client) =>
        AffinityHash.Of(_prefix ? client.MaskTo(settings.Ipv4Prefix, settings.Ipv6Prefix) : client, seed);

    public ulong ForValue(ReadOnlySpan<byte> value) => KeyHash.HashKey(value, seed);
}
