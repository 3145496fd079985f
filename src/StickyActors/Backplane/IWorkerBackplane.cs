using StickyActors.ControlPlane;

namespace StickyActors.Backplane;

/// <summary>
/// A worker's end of the backplane (what the SignalR package publishes to and hears from): its
/// messages reach every other worker of this host through the master and, in a cluster, the
/// workers of every other host. Nothing comes back to the process that published it.
/// </summary>
internal interface IWorkerBackplane
{
    /// <summary>
    /// Sends <paramref name="message"/> to every other worker, or answers false (sending nothing)
    /// when it is larger than the control plane carries; <paramref name="size"/> is its size bound.
    /// </summary>
    bool TryPublish(IBackplaneMessage message, out long size);

    /// <summary>Calls <paramref name="received"/> with every message another worker published, until disposed.</summary>
    IDisposable Subscribe(Action<IBackplaneMessage> received);
}
