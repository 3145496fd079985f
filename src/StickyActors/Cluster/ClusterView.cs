using StickyActors.Routing;

namespace StickyActors.Cluster;

/// <summary>The membership actor's answer to <see cref="GetClusterView"/>: immutable, for the status API.</summary>
/// <param name="SelfAddress">This host's cluster address.</param>
/// <param name="Members">Every member known here, by address.</param>
/// <param name="Table">The host table last published (its version is <see cref="TableVersion"/>).</param>
internal sealed record ClusterView(string SelfAddress, IReadOnlyList<ClusterMemberView> Members, HostTable Table)
{
    public long TableVersion => Table.Version;

    /// <summary>The Id (address) of the host owning <paramref name="bucket"/>; null while this host serves alone.</summary>
    public string? OwnerOf(int bucket) => Table.OwnerOf(bucket)?.Id;

    /// <summary>The host owning the client whose affinity hash is <paramref name="hash"/> (<see cref="AffinityHash"/>, <see cref="KeyHash"/>).</summary>
    public string? OwnerOfHash(ulong hash, int buckets) => OwnerOf(AffinityHash.Bucket(hash, buckets));
}
