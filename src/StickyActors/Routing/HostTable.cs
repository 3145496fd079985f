namespace StickyActors.Routing;

/// <summary>
/// Which host owns each bucket, computed from the cluster's membership and published whole by the
/// membership actor; the accept path only looks up. A single host (no cluster, or no view yet) owns
/// every bucket itself: <see cref="RemoteOwnerOf"/> is then always null.
/// </summary>
internal sealed class HostTable
{
    private readonly int[] _owners;
    private readonly int[]? _runnersUp;

    public HostTable(IReadOnlyList<HostEntry> hosts, int[] owners, long version, int[]? runnersUp = null)
    {
        Hosts = hosts;
        _owners = owners;
        Version = version;
        _runnersUp = runnersUp;
    }

    /// <summary>The table of a host alone: every bucket stays here.</summary>
    public static HostTable Local { get; } = new([], [], 0);

    public IReadOnlyList<HostEntry> Hosts { get; }

    public long Version { get; }

    public bool IsLocal => _owners.Length == 0;

    /// <summary>The number of buckets the table maps (0 for <see cref="Local"/>).</summary>
    public int Buckets => _owners.Length;

    /// <summary>The host owning <paramref name="bucket"/>; null when this host does (or no cluster view exists).</summary>
    public HostEntry? RemoteOwnerOf(int bucket)
    {
        if ((uint)bucket >= (uint)_owners.Length)
        {
            return null;
        }

        var owner = _owners[bucket];
        return owner >= 0 && Hosts[owner] is { IsSelf: false } host ? host : null;
    }

    /// <summary>The owning host of <paramref name="bucket"/> (self included); null without a cluster view.</summary>
    public HostEntry? OwnerOf(int bucket) =>
        (uint)bucket < (uint)_owners.Length && _owners[bucket] >= 0 ? Hosts[_owners[bucket]] : null;

    /// <summary>Where <paramref name="bucket"/> goes if its owner leaves (the next host in rendezvous order); null when none.</summary>
    public HostEntry? RunnerUpOf(int bucket) =>
        _runnersUp is { } runnersUp && (uint)bucket < (uint)runnersUp.Length && runnersUp[bucket] >= 0 ? Hosts[runnersUp[bucket]] : null;

    /// <summary>How many buckets each host owns, in <see cref="Hosts"/> order.</summary>
    public int[] BucketCounts()
    {
        var counts = new int[Hosts.Count];
        foreach (var owner in _owners)
        {
            if (owner >= 0)
            {
                counts[owner]++;
            }
        }

        return counts;
    }
}
