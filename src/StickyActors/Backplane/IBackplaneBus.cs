using StickyActors.ControlPlane;

namespace StickyActors.Backplane;

/// <summary>
/// The masters' part of the backplane: carries what this host's workers publish to the masters of
/// the other hosts, and what they publish to this one. Nothing a host publishes comes back to it.
/// One per master (<c>MasterResources.Backplane</c>); the master's <see cref="BackplaneActor"/>
/// subscribes when it starts and disposes the subscription when it stops.
/// </summary>
internal interface IBackplaneBus
{
    /// <summary>Sends <paramref name="message"/> to every other host's master. Must not block (called by an actor).</summary>
    void Publish(IBackplaneMessage message);

    /// <summary>Calls <paramref name="received"/> (on any thread) with each message another host published, until disposed.</summary>
    IDisposable Subscribe(Action<IBackplaneMessage> received);
}
