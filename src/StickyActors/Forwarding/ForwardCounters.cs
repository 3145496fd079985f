namespace StickyActors.Forwarding;

/// <summary>What the forwarding data plane did, as plain counters (no allocation, no locks).</summary>
internal sealed class ForwardCounters
{
    private long _forwardedOut;
    private long _forwardedIn;
    private long _forwardFailures;
    private long _rejectedInbound;
    private long _openPairs;
    private long _bytesClientToOwner;
    private long _bytesOwnerToClient;

    public void OnForwardStarted() => Interlocked.Increment(ref _forwardedOut);

    public void OnForwardedIn() => Interlocked.Increment(ref _forwardedIn);

    public void OnForwardFailed() => Interlocked.Increment(ref _forwardFailures);

    public void OnInboundRejected() => Interlocked.Increment(ref _rejectedInbound);

    public void OnPairOpened() => Interlocked.Increment(ref _openPairs);

    public void OnPairClosed() => Interlocked.Decrement(ref _openPairs);

    public void OnClientToOwner(long bytes) => Interlocked.Add(ref _bytesClientToOwner, bytes);

    public void OnOwnerToClient(long bytes) => Interlocked.Add(ref _bytesOwnerToClient, bytes);

    public ForwardCountersSnapshot Snapshot() => new(
        Volatile.Read(ref _forwardedOut),
        Volatile.Read(ref _forwardedIn),
        Volatile.Read(ref _forwardFailures),
        Volatile.Read(ref _rejectedInbound),
        Volatile.Read(ref _openPairs),
        Volatile.Read(ref _bytesClientToOwner),
        Volatile.Read(ref _bytesOwnerToClient));
}
