namespace StickyActors.Cluster;

/// <summary>Asks the membership actor for a <see cref="ClusterView"/>.</summary>
internal sealed record GetClusterView
{
    public static GetClusterView Instance { get; } = new();
}
