namespace StickyActors.Configuration;

/// <summary>Who stays up when the hosts lose sight of each other (<c>sticky-actors.cluster.split-brain-resolver.active-strategy</c>).</summary>
public enum SplitBrainStrategy
{
    /// <summary>The side with more than half of the hosts (a tie: the side with the lowest address). The default.</summary>
    KeepMajority,

    /// <summary>The side with the oldest host.</summary>
    KeepOldest,

    /// <summary>A side with at least <see cref="SplitBrainSettings.QuorumSize"/> hosts.</summary>
    StaticQuorum,

    /// <summary>Nobody: every host is downed.</summary>
    DownAll,
}
