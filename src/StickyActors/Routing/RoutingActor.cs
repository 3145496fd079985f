using Akka.Actor;
using Akka.Event;
using StickyActors.Configuration;
using StickyActors.Handoff;

namespace StickyActors.Routing;

/// <summary>
/// Owns the bucket table: decides which worker serves each bucket as workers come and go, and
/// publishes every decision as an immutable <see cref="RoutingSnapshot"/> for the accept path.
/// Moved buckets return to their home worker only once idle.
/// </summary>
internal sealed class RoutingActor : ReceiveActor, IWithTimers
{
    private const string IdleCheckTimer = "idle-check";

    private readonly RoutingSettings _settings;
    private readonly RoutingTableHolder _holder;
    private readonly BucketActivity _activity;
    private readonly BucketTable _table;
    private readonly IHandoffTarget?[] _channels;
    private readonly int[] _generations;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _version;

    public RoutingActor(RoutingSettings settings, int workers, RoutingTableHolder holder, BucketActivity activity)
    {
        _settings = settings;
        _holder = holder;
        _activity = activity;
        _table = new BucketTable(settings.Buckets, workers);
        _channels = new IHandoffTarget?[workers];
        _generations = new int[workers];

        Receive<WorkerUp>(OnWorkerUp);
        Receive<WorkerDown>(OnWorkerDown);
        Receive<IdleCheck>(_ => ReturnIdleBuckets());
        Receive<FlushRouting>(flush => Sender.Tell(new RoutingFlushed(flush.Id)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RoutingSettings settings, int workers, RoutingTableHolder holder, BucketActivity activity) =>
        Akka.Actor.Props.Create(() => new RoutingActor(settings, workers, holder, activity));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(IdleCheckTimer, IdleCheck.Instance, _settings.IdleCheckInterval);

    private void OnWorkerUp(WorkerUp up)
    {
        var takeover = _table.IsLive(up.WorkerId);
        _channels[up.WorkerId] = up.Channel;
        _generations[up.WorkerId] = up.Generation;
        if (takeover)
        {
            _log.Info("Worker {0} generation {1} took over its slot's {2} bucket(s)", up.WorkerId, up.Generation, _table.OwnedBy(up.WorkerId));
            Publish();
            return;
        }

        var moved = _table.WorkerUp(up.WorkerId);
        Announce(BucketTable.Unowned, up.WorkerId, moved.Count, "worker up: unowned buckets assigned");
        Publish();
    }

    private void OnWorkerDown(WorkerDown down)
    {
        if (down.Generation != _generations[down.WorkerId] || (!_table.IsLive(down.WorkerId) && _channels[down.WorkerId] is null))
        {
            return;
        }

        _channels[down.WorkerId] = null;
        var moved = _table.WorkerLost(down.WorkerId);
        _log.Info("Worker {0} down ({1}): {2} bucket(s) moved to live workers", down.WorkerId, down.Reason, moved.Count);
        Announce(down.WorkerId, BucketTable.Unowned, moved.Count, "worker down: " + down.Reason);
        Publish();
    }

    private void ReturnIdleBuckets()
    {
        var changed = false;
        for (var worker = 0; worker < _table.Workers; worker++)
        {
            if (!_table.IsLive(worker) || !_table.HasAwayBuckets(worker))
            {
                continue;
            }

            var returned = _table.ReturnIdle(worker, bucket => _activity.IsIdle(bucket, _settings.ReturnWhenIdleFor));
            if (returned.Count > 0)
            {
                _log.Info("{0} idle bucket(s) returned home to worker {1}", returned.Count, worker);
                Announce(BucketTable.Unowned, worker, returned.Count, "idle buckets returned home");
                changed = true;
            }
        }

        if (changed)
        {
            Publish();
        }
    }

    private void Publish() =>
        _holder.Publish(new RoutingSnapshot(_table.SnapshotOwners(), (IHandoffTarget?[])_channels.Clone(), _settings.HashSeed, ++_version));

    private void Announce(int from, int to, int count, string why)
    {
        if (count > 0)
        {
            Context.System.EventStream.Publish(new BucketsMoved(from, to, count, why));
        }
    }

    private int[] LiveWorkers() => Enumerable.Range(0, _table.Workers).Where(_table.IsLive).ToArray();

    private sealed record IdleCheck
    {
        public static IdleCheck Instance { get; } = new();
    }
}
