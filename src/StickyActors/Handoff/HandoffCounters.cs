namespace StickyActors.Handoff;

/// <summary>What the data path did, as plain counters (no allocation, no locks).</summary>
internal sealed class HandoffCounters(int workers)
{
    private readonly long[] _handedOff = new long[workers];
    private long _accepted;
    private long _rerouted;
    private long _overflow;
    private long _queuedNoWorker;
    private long _expiredNoWorker;
    private long _acceptErrors;
    private long _preamblesRejected;

    public long Accepted => Volatile.Read(ref _accepted);

    public long Rerouted => Volatile.Read(ref _rerouted);

    public long Overflow => Volatile.Read(ref _overflow);

    public long QueuedNoWorker => Volatile.Read(ref _queuedNoWorker);

    public long ExpiredNoWorker => Volatile.Read(ref _expiredNoWorker);

    public long AcceptErrors => Volatile.Read(ref _acceptErrors);

    public long PreamblesRejected => Volatile.Read(ref _preamblesRejected);

    public long HandedOff(int worker) => Volatile.Read(ref _handedOff[worker]);

    public void OnAccepted() => Interlocked.Increment(ref _accepted);

    public void OnHandedOff(int worker) => Interlocked.Increment(ref _handedOff[worker]);

    public void OnRerouted() => Interlocked.Increment(ref _rerouted);

    public void OnOverflow() => Interlocked.Increment(ref _overflow);

    public void OnQueuedNoWorker() => Interlocked.Increment(ref _queuedNoWorker);

    public void OnExpiredNoWorker() => Interlocked.Increment(ref _expiredNoWorker);

    public void OnAcceptError() => Interlocked.Increment(ref _acceptErrors);

    public void OnPreambleRejected() => Interlocked.Increment(ref _preamblesRejected);
}
