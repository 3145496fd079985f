using System.Collections.Concurrent;

namespace StickyActors.SignalR;

/// <summary>The group commands this process sent and awaits a confirmation of, by id.</summary>
internal sealed class PendingAcks(TimeProvider time)
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _pending = new();
    private long _lastId;

    /// <summary>A new command id and the task its acknowledgement completes.</summary>
    public (long Id, Task Acked) Create()
    {
        var id = Interlocked.Increment(ref _lastId);
        var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = acked;
        return (id, acked.Task);
    }

    /// <summary>Waits for command <paramref name="id"/>'s acknowledgement for at most <paramref name="timeout"/> (<see cref="TimeoutException"/> then).</summary>
    public async Task WaitAsync(long id, Task acked, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await acked.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Completes command <paramref name="id"/>; an unknown or late id is ignored.</summary>
    public void Acknowledge(long id)
    {
        if (_pending.TryRemove(id, out var acked))
        {
            acked.TrySetResult();
        }
    }

    /// <summary>Abandons every wait (the lifetime manager is disposed).</summary>
    public void CancelAll()
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var acked))
            {
                acked.TrySetCanceled();
            }
        }
    }
}
