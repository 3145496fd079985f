using StickyActors.Handoff;

namespace StickyActors.Forwarding;

/// <summary>
/// What a forward header carries for the owning host: the real client, the bucket the forwarding
/// host routed it to and the affinity key it hashed. <paramref name="Pinned"/>: the bucket came from
/// a valid affinity cookie rather than from the key.
/// </summary>
internal readonly record struct ForwardRoute(ClientAddress Client, int Bucket, ulong Key, bool Pinned);
