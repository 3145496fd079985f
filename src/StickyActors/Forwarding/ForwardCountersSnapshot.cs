namespace StickyActors.Forwarding;

/// <summary>
/// The forwarding counters at one moment. <paramref name="ForwardedOut"/>: connections this host
/// started to forward; <paramref name="ForwardedIn"/>: forwarded connections this host accepted as
/// owner; <paramref name="ForwardFailures"/>: forwards given back to the fallback before the owner
/// took them; <paramref name="RejectedInbound"/>: inbound forward connections refused (not a member,
/// bad or late handshake); <paramref name="OpenPairs"/>: forwarded connections being relayed now.
/// </summary>
internal sealed record ForwardCountersSnapshot(
    long ForwardedOut,
    long ForwardedIn,
    long ForwardFailures,
    long RejectedInbound,
    long OpenPairs,
    long BytesClientToOwner,
    long BytesOwnerToClient);
