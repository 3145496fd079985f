using StickyActors.ControlPlane;

namespace StickyActors.Backplane;

/// <summary>The bus of a host without a cluster: there is no other host to publish to or hear from.</summary>
internal sealed class SingleHostBackplaneBus : IBackplaneBus
{
    public static SingleHostBackplaneBus Instance { get; } = new();

    private SingleHostBackplaneBus()
    {
    }

    public void Publish(IBackplaneMessage message)
    {
    }

    public IDisposable Subscribe(Action<IBackplaneMessage> received) => NoSubscription.Instance;

    private sealed class NoSubscription : IDisposable
    {
        public static NoSubscription Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
