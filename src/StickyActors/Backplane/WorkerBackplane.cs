using Microsoft.Extensions.Logging;
using StickyActors.ControlPlane;

namespace StickyActors.Backplane;

/// <summary>
/// The worker process's <see cref="IWorkerBackplane"/>: publishes through the control actor
/// (<paramref name="send"/>) and hands what the master delivers to every subscriber, on the control
/// actor's thread (a subscriber must not block).
/// </summary>
internal sealed class WorkerBackplane(Action<IBackplaneMessage> send, ILogger logger) : IWorkerBackplane
{
    private readonly Lock _lock = new();
    private Action<IBackplaneMessage>[] _subscribers = [];

    public bool TryPublish(IBackplaneMessage message, out long size)
    {
        size = BackplaneFormat.SizeBound(message);
        if (size > BackplaneFormat.MaxMessageBytes)
        {
            return false;
        }

        send(message);
        return true;
    }

    public IDisposable Subscribe(Action<IBackplaneMessage> received)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers, received];
        }

        return new Subscription(this, received);
    }

    /// <summary>A message the master delivered: to every subscriber; one that throws does not stop the others.</summary>
    public void Deliver(IBackplaneMessage message)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(message);
            }
            catch (Exception e)
            {
                BackplaneLog.SubscriberFailed(logger, message.GetType().Name, e);
            }
        }
    }

    private void Unsubscribe(Action<IBackplaneMessage> received)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => s != received)];
        }
    }

    private sealed class Subscription(WorkerBackplane owner, Action<IBackplaneMessage> received) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(received);
            }
        }
    }
}
