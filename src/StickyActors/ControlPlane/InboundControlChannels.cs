using Akka.Actor;
using Akka.Remote.Transport;
using StickyActors.Interop;

namespace StickyActors.ControlPlane;

/// <summary>
/// The master's side of <see cref="SocketPairTransport"/>: each launch adopts the master's end of the
/// worker's control socket pair here, and it becomes an inbound association as soon as the worker
/// sends its first bytes (Akka's handshake). This is the only way into the master's control plane.
/// </summary>
internal sealed class InboundControlChannels
{
    private readonly Lock _gate = new();
    private Address? _local;
    private Task<IAssociationEventListener>? _listener;
    private long _maxFrame;

    /// <summary>Takes ownership of <paramref name="fd"/> (the master's end of a worker's control pair).</summary>
    public void Adopt(int fd, int workerId, int generation)
    {
        Address local;
        Task<IAssociationEventListener> listener;
        long maxFrame;
        lock (_gate)
        {
            if (_listener is null || _local is null)
            {
                Libc.Close(fd);
                throw new InvalidOperationException("The control plane is not running; a worker's channel cannot be adopted.");
            }

            (local, listener, maxFrame) = (_local, _listener, _maxFrame);
        }

        // The peer's transport address only labels the channel; Akka's handshake names the worker's system.
        var remote = new Address(SocketPairTransport.Scheme, $"worker-{workerId}", "localhost", generation);
        _ = new SocketPairAssociation(fd, local, remote, maxFrame, association =>
            listener.ContinueWith(t => t.Result.Notify(new InboundAssociation(association)), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default));
    }

    internal void Attach(Address local, Task<IAssociationEventListener> listener, long maxFrame)
    {
        lock (_gate)
        {
            (_local, _listener, _maxFrame) = (local, listener, maxFrame);
        }
    }

    internal void Detach()
    {
        lock (_gate)
        {
            (_local, _listener) = (null, null);
        }
    }
}
