using StickyActors.Handoff;

namespace StickyActors.Routing;

/// <summary>
/// The hot path after accept: client → bucket → worker channel, from the current routing snapshot.
/// No actor message, no lock and no allocation per connection; a dead channel means "route again"
/// (to the worker the routing actor will publish), and a connection whose bucket has no worker now
/// (no worker alive, or its home worker starting or being replaced) waits in a bounded queue.
/// </summary>
internal sealed class ConnectionDispatcher
{
    private readonly RoutingTableHolder _routing;
    private readonly BucketActivity _activity;
    private readonly HandoffCounters _counters;
    private readonly NoWorkerQueue _waiting;
    private readonly Action<long>? _handedOff;
    private readonly HostTableHolder? _hosts;
    private readonly IConnectionForwarder? _forwarder;
    private readonly Action<AcceptedConnection> _dispatchLocal;

    public ConnectionDispatcher(RoutingTableHolder routing, BucketActivity activity, HandoffCounters counters, NoWorkerQueue waiting, Action<long>? handedOff = null, HostTableHolder? hosts = null, IConnectionForwarder? forwarder = null)
    {
        _hosts = forwarder is null ? null : hosts;
        _forwarder = forwarder;
        _dispatchLocal = DispatchLocal;
        _handedOff = handedOff;
        _routing = routing;
        _activity = activity;
        _counters = counters;
        _waiting = waiting;
        _routing.Published += _ => _waiting.Redispatch(_dispatchLocal);
    }

    public HandoffCounters Counters => _counters;

    public int Waiting => _waiting.Count;

    /// <summary>Takes ownership of <paramref name="connection"/> and sends it to its worker, or to the host that owns its bucket.</summary>
    public void Dispatch(AcceptedConnection connection)
    {
        if (_hosts is not null)
        {
            var bucket = BucketOf(connection, _routing.Current);
            if (_hosts.Current.RemoteOwnerOf(bucket) is { } owner)
            {
                Forward(connection with { Bucket = bucket, Pinned = true }, owner);
                return;
            }
        }

        DispatchLocal(connection);
    }

    /// <summary>
    /// Hands <paramref name="connection"/> to the forwarder. A method of its own: a lambda capturing
    /// <paramref name="owner"/> in <see cref="Dispatch"/> made the compiler allocate its closure on
    /// every call, forwarded or not (32 bytes per connection, on a single host too).
    /// </summary>
    private void Forward(AcceptedConnection connection, HostEntry owner) =>
        _forwarder!.Forward(connection, owner, c => OwnerUnreachable(c, owner.Id));

    /// <summary>
    /// The owning host did not take the connection (down, or not yet known down): it goes where its
    /// bucket goes without that host, the next host in rendezvous order (this one, or another tried once),
    /// so a client whose host died moves once, not first here and then to the new owner.
    /// </summary>
    private void OwnerUnreachable(AcceptedConnection connection, string ownerId)
    {
        var table = _hosts!.Current;
        var next = table.OwnerOf(connection.Bucket) is { } owner && owner.Id != ownerId ? owner : table.RunnerUpOf(connection.Bucket);
        if (next is { IsSelf: false })
        {
            _forwarder!.Forward(connection, next, _dispatchLocal);
        }
        else
        {
            DispatchLocal(connection);
        }
    }

    /// <summary>Sends <paramref name="connection"/> to a worker of this host (a forwarded connection, or the owner could not be reached).</summary>
    public void DispatchLocal(AcceptedConnection connection)
    {
        var snapshot = _routing.Current;
        var bucket = BucketOf(connection, snapshot);
        _activity.Touch(bucket);
        connection = connection with { Bucket = bucket };

        // Each failed attempt marks one channel dead, so this ends after at most one try per worker.
        while (snapshot.TargetFor(bucket) is { } target)
        {
            switch (target.TryHandOff(connection))
            {
                case HandoffResult.Sent:
                    _handedOff?.Invoke(connection.AcceptedAt);
                    _counters.OnHandedOff(target.WorkerId);
                    return;
                case HandoffResult.Queued:
                    _counters.OnHandedOff(target.WorkerId);
                    return;
                case HandoffResult.Overflow:
                    _counters.OnOverflow();
                    return;
                case HandoffResult.Dead:
                    _counters.OnRerouted();
                    continue;
            }
        }

        if (_waiting.TryAdd(connection))
        {
            _counters.OnQueuedNoWorker();
            if (_routing.Current != snapshot)
            {
                _waiting.Redispatch(DispatchLocal);
            }
        }
        else
        {
            _counters.OnExpiredNoWorker();
            _waiting.GiveUp(connection);
        }
    }

    private static int BucketOf(in AcceptedConnection connection, RoutingSnapshot snapshot) =>
        connection.Pinned && (uint)connection.Bucket < (uint)snapshot.Buckets ? connection.Bucket : snapshot.BucketOfKey(connection.Key);
}
