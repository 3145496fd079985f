using StickyActors.Backplane;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.SignalR;

/// <summary>A worker's backplane without a master: records what is published, delivers what a test hands it.</summary>
internal sealed class FakeWorkerBackplane : IWorkerBackplane
{
    private Action<IBackplaneMessage>? _received;

    public List<IBackplaneMessage> Published { get; } = [];

    public long Limit { get; init; } = BackplaneFormat.MaxMessageBytes;

    public bool TryPublish(IBackplaneMessage message, out long size)
    {
        size = BackplaneFormat.SizeBound(message);
        if (size > Limit)
        {
            return false;
        }

        Published.Add(message);
        return true;
    }

    public IDisposable Subscribe(Action<IBackplaneMessage> received)
    {
        _received = received;
        return new Unsubscribe(() => _received = null);
    }

    /// <summary>As if another worker had published <paramref name="message"/>.</summary>
    public void Deliver(IBackplaneMessage message) => _received?.Invoke(message);

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
