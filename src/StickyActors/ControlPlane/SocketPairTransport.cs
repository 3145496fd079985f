using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport;

namespace StickyActors.ControlPlane;

/// <summary>
/// An Akka.Remote transport over private Unix socket pairs, one per worker launch: the master listens
/// on nothing (its workers' channel ends become inbound associations as they arrive, see
/// <see cref="InboundControlChannels"/>, and it answers over them), a worker associates to its master
/// over the end it inherited, once. Every other association fails at once: nobody but the master and
/// the worker it forked holds either end, so the peer is known without a handshake of our own.
/// Configured as <c>akka.remote.socket-pair</c> with a <see cref="SocketPairSetup"/>.
/// </summary>
internal sealed class SocketPairTransport : Transport
{
    public const string Scheme = "socketpair";

    private readonly SocketPairSetup _setup;
    private readonly TaskCompletionSource<IAssociationEventListener> _listener = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Address? _local;

    /// <summary>Made by Akka.Remote from <c>transport-class</c>.</summary>
    public SocketPairTransport(ActorSystem system, Config config)
    {
        System = system;
        Config = config;
        SchemeIdentifier = Scheme;
        MaximumPayloadBytes = config.GetByteSize("maximum-payload-bytes", 128000) ?? 128000;
        var setup = system.Settings.Setup.Get<SocketPairSetup>();
        _setup = setup.HasValue ? setup.Value : throw new ConfigurationException($"The {Scheme} transport needs a {nameof(SocketPairSetup)} in the actor system's setup.");
    }

    public override Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen()
    {
        // Nothing is bound: the address names this process (the port is its pid) and is reachable
        // only through a socket pair this master made.
        _local = new Address(Scheme, System.Name, "localhost", Environment.ProcessId);
        _setup.Inbound?.Attach(_local, _listener.Task, MaximumPayloadBytes);
        return Task.FromResult((_local, _listener));
    }

    public override bool IsResponsibleFor(Address remote) => true;

    public override Task<AssociationHandle> Associate(Address remoteAddress)
    {
        var fd = _local is null ? -1 : _setup.TakeChannelTo(remoteAddress);
        if (fd < 0)
        {
            return Task.FromException<AssociationHandle>(new InvalidAssociationException(
                $"No control channel leads to {remoteAddress}: a master only answers its workers, a worker reaches only its master, once."));
        }

        return Task.FromResult<AssociationHandle>(new SocketPairAssociation(fd, _local!, remoteAddress, MaximumPayloadBytes, announce: null));
    }

    public override Task<bool> Shutdown()
    {
        _setup.Inbound?.Detach();
        _setup.DropChannel();
        return Task.FromResult(true);
    }
}
