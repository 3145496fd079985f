namespace StickyActors.Supervision;

/// <summary>Connections this host forwarded to the hosts owning them, and took from other hosts.</summary>
/// <param name="ForwardedOut">Connections sent to their owner host.</param>
/// <param name="ForwardedIn">Connections other hosts sent here, authenticated and served here.</param>
/// <param name="Failures">Forwards that could not reach their owner (served by the next host in line instead).</param>
/// <param name="RejectedIn">Inbound forward connections refused: not from a member, or a header that failed authentication.</param>
/// <param name="Open">Forwarded connections open now.</param>
/// <param name="BytesToOwners">Bytes copied from clients to owner hosts.</param>
/// <param name="BytesFromOwners">Bytes copied from owner hosts to clients.</param>
public sealed record ForwardingStatus(long ForwardedOut, long ForwardedIn, long Failures, long RejectedIn, long Open, long BytesToOwners, long BytesFromOwners);
