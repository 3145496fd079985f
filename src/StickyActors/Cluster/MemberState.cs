using Akka.Cluster;

namespace StickyActors.Cluster;

/// <summary>What the membership actor knows of one member: its latest <see cref="Member"/> (status, roles) and reachability from here.</summary>
internal sealed record MemberState(Member Member, bool Reachable, HostIdentity? Identity);
