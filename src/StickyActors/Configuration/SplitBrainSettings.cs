namespace StickyActors.Configuration;

/// <summary>Akka's split brain resolver between the hosts (<c>sticky-actors.cluster.split-brain-resolver</c>).</summary>
/// <param name="Strategy">Who stays up. Defaults to <see cref="SplitBrainStrategy.KeepMajority"/>.</param>
/// <param name="StableAfter">How long membership must be stable before the resolver decides. Defaults to 20 s.</param>
/// <param name="QuorumSize">Hosts a side needs with <see cref="SplitBrainStrategy.StaticQuorum"/>. Defaults to 0 (unset).</param>
public sealed record SplitBrainSettings(SplitBrainStrategy Strategy, TimeSpan StableAfter, int QuorumSize);
