using Akka.Actor;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Logging;

namespace StickyActors.Routing;

/// <summary>
/// Owns the bucket table: decides which worker serves each bucket as workers come and go, and
/// publishes every decision as an immutable <see cref="RoutingSnapshot"/> for the accept path.
/// </summary>
/// <remarks>
/// Every slot's home buckets wait for its first worker (up to the startup timeout) and, under
/// <see cref="WorkerLossRule.Wait"/>, for its replacement (up to the replacement wait); then they go
/// to interim owners. A bucket at an interim owner comes home once that owner reports no open
/// connection of it and none was handed off since that report, or at the latest
/// <see cref="RoutingSettings.MaxInterim"/> after its home worker came up. The return check runs
/// only while some bucket is away from home.
/// </remarks>
internal sealed partial class RoutingActor : ReceiveActor, IWithTimers
{
    private const string IdleCheckTimer = "idle-check";

    // A report was sent a little before it arrived: handoffs this close before its arrival may be
    // missing from it, so they keep the bucket where it is until the next report.
    private static readonly TimeSpan s_reportLag = TimeSpan.FromMilliseconds(100);

    private readonly RoutingSettings _settings;
    private readonly RoutingTableHolder _holder;
    private readonly BucketActivity _activity;
    private readonly TimeProvider _time;
    private readonly TimeSpan _startupHold;
    private readonly BucketTable _table;
    private readonly IHandoffTarget?[] _channels;
    private readonly int[] _generations;
    private readonly long[] _upAt;
    private readonly bool[]?[] _open;
    private readonly long[] _reportedAt;
    private readonly ILogger _log = ActorLogging.Logger(Context, ActorLogging.MasterCategory);
    private long _version;
    private bool _stopping;

    public RoutingActor(RoutingSettings settings, int workers, TimeSpan startupHold, RoutingTableHolder holder, BucketActivity activity, TimeProvider time, int capacity)
    {
        _settings = settings;
        _holder = holder;
        _activity = activity;
        _time = time;
        _startupHold = startupHold;
        _table = new BucketTable(settings.Buckets, workers, settings.HashSeed, capacity);
        _channels = new IHandoffTarget?[_table.Capacity];
        _generations = new int[_table.Capacity];
        _upAt = new long[_table.Capacity];
        _open = new bool[]?[_table.Capacity];
        _reportedAt = new long[_table.Capacity];

        Receive<WorkerUp>(OnWorkerUp);
        Receive<WorkerDown>(OnWorkerDown);
        Receive<HoldExpired>(OnHoldExpired);
        Receive<BucketSessionsReported>(OnSessions);
        Receive<IdleCheck>(_ => ReturnBucketsHome());
        Receive<FlushRouting>(flush => Sender.Tell(new RoutingFlushed(flush.Id)));
        Receive<SlotGivenUp>(OnSlotGivenUp);
        Receive<MasterStopping>(_ => _stopping = true);
        ResizeBehaviour();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private bool HoldOnLoss => _settings.OnWorkerLoss == WorkerLossRule.Wait && _settings.ReplacementWait > TimeSpan.Zero;

    public static Props Props(RoutingSettings settings, int workers, TimeSpan startupHold, RoutingTableHolder holder, BucketActivity activity, TimeProvider time, int capacity = 0) =>
        Akka.Actor.Props.Create(() => new RoutingActor(settings, workers, startupHold, holder, activity, time, capacity));

    protected override void PreStart()
    {
        // Cold start: no bucket goes to another worker while its home worker is still starting.
        for (var worker = 0; worker < _table.Workers; worker++)
        {
            Timers.StartSingleTimer(HoldTimer(worker), new HoldExpired(worker), _startupHold);
        }
    }

    private static string HoldTimer(int worker) => "hold-" + worker;

    private void OnWorkerUp(WorkerUp up)
    {
        if (up.WorkerId < 0 || up.WorkerId >= _table.Workers)
        {
            // A removed slot's worker that registered just before its drain.
            return;
        }

        var takeover = _table.IsLive(up.WorkerId);
        _channels[up.WorkerId] = up.Channel;
        _generations[up.WorkerId] = up.Generation;
        if (takeover)
        {
            ActorLog.BucketsTakenOver(_log, up.WorkerId, up.Generation, _table.OwnedBy(up.WorkerId));
            Publish();
            return;
        }

        Timers.Cancel(HoldTimer(up.WorkerId));
        _upAt[up.WorkerId] = _time.GetTimestamp();
        _open[up.WorkerId] = null;
        _reportedAt[up.WorkerId] = 0;
        var moved = _table.WorkerUp(up.WorkerId);
        Announce(BucketTable.Unowned, up.WorkerId, moved.Count, "worker up: its waiting buckets assigned");
        Publish();
    }

    private void OnWorkerDown(WorkerDown down)
    {
        if (down.WorkerId < 0 || down.WorkerId >= _table.Capacity || down.Generation != _generations[down.WorkerId] || (!_table.IsLive(down.WorkerId) && _channels[down.WorkerId] is null))
        {
            return;
        }

        _channels[down.WorkerId] = null;
        _open[down.WorkerId] = null;
        if (_stopping)
        {
            // Nothing is accepted any more and no replacement comes: its buckets just stop being served.
            _table.WorkerLost(down.WorkerId, hold: true);
            ActorLog.WorkerDownAtStop(_log, down.WorkerId, down.Reason);
            Publish();
            return;
        }

        var hold = HoldOnLoss;
        var moved = _table.WorkerLost(down.WorkerId, hold);
        if (hold)
        {
            Timers.StartSingleTimer(HoldTimer(down.WorkerId), new HoldExpired(down.WorkerId), _settings.ReplacementWait);
            ActorLog.WorkerDownBucketsWait(_log, down.WorkerId, down.Reason, _settings.ReplacementWait);
        }
        else
        {
            ActorLog.WorkerDown(_log, down.WorkerId, down.Reason, moved.Count);
        }

        Announce(down.WorkerId, BucketTable.Unowned, moved.Count, "worker down: " + down.Reason);
        Publish();
    }

    private void OnHoldExpired(HoldExpired expired)
    {
        var moved = _table.EndHold(expired.WorkerId);
        if (moved.Count > 0)
        {
            ActorLog.ReplacementLate(_log, expired.WorkerId, moved.Count);
            Announce(expired.WorkerId, BucketTable.Unowned, moved.Count, "wait for worker ended");
            Publish();
        }
    }

    private void OnSlotGivenUp(SlotGivenUp givenUp)
    {
        if (givenUp.WorkerId < 0 || givenUp.WorkerId >= _table.Workers || _table.IsLive(givenUp.WorkerId))
        {
            return;
        }

        Timers.Cancel(HoldTimer(givenUp.WorkerId));
        var moved = _table.EndHold(givenUp.WorkerId);
        ActorLog.GivenUpBucketsMoved(_log, givenUp.WorkerId, moved.Count);
        Announce(givenUp.WorkerId, BucketTable.Unowned, moved.Count, "worker slot given up");
        Publish();
    }

    private void OnSessions(BucketSessionsReported report)
    {
        if (report.WorkerId < 0 || report.WorkerId >= _table.Workers || report.Generation != _generations[report.WorkerId] || !_table.IsLive(report.WorkerId))
        {
            return;
        }

        var open = new bool[_table.Buckets];
        foreach (var bucket in report.OpenBuckets)
        {
            if (bucket >= 0 && bucket < open.Length)
            {
                open[bucket] = true;
            }
        }

        _open[report.WorkerId] = open;
        _reportedAt[report.WorkerId] = _time.GetTimestamp();

        // Right after a report the "handed off since it was made" window is shortest: under
        // never-ending traffic this is when a bucket without sessions can come home.
        if (Timers.IsTimerActive(IdleCheckTimer))
        {
            ReturnBucketsHome();
        }
    }

    private void ReturnBucketsHome()
    {
        var changed = false;
        for (var worker = 0; worker < _table.Workers; worker++)
        {
            if (!_table.IsLive(worker) || !_table.HasAwayBuckets(worker))
            {
                continue;
            }

            var boundReached = _time.GetElapsedTime(_upAt[worker]) >= _settings.MaxInterim;
            var returned = _table.ReturnHome(worker, bucket => boundReached || IsIdleAtInterimOwner(bucket));
            if (returned.Count > 0)
            {
                ActorLog.BucketsReturned(_log, returned.Count, worker, boundReached ? " (interim time bound)" : string.Empty);
                Announce(BucketTable.Unowned, worker, returned.Count, "buckets returned home");
                changed = true;
            }
        }

        if (changed)
        {
            Publish();
        }
        else
        {
            ScheduleReturnCheck();
        }
    }

    /// <summary>
    /// Sessions, not handoffs: the interim owner's latest report shows no open connection of the
    /// bucket, and no connection of it was handed off since that report was made (nor, if set, for
    /// <see cref="RoutingSettings.ReturnWhenIdleFor"/>).
    /// </summary>
    private bool IsIdleAtInterimOwner(int bucket)
    {
        var owner = _table.OwnerOf(bucket);
        var reportedAt = _reportedAt[owner];
        var madeAt = reportedAt == 0 ? 0 : reportedAt - (long)(s_reportLag.TotalSeconds * _time.TimestampFrequency);
        return !(_open[owner]?[bucket] ?? false)
            && !_activity.TouchedAfter(bucket, madeAt)
            && (_settings.ReturnWhenIdleFor == TimeSpan.Zero || _activity.IsIdle(bucket, _settings.ReturnWhenIdleFor));
    }

    private void Publish()
    {
        _holder.Publish(new RoutingSnapshot(_table.SnapshotOwners(), (IHandoffTarget?[])_channels.Clone(), _settings.HashSeed, ++_version, HoldOnLoss, _table.SnapshotHomes(), _table.Workers));
        ScheduleReturnCheck();
    }

    private void ScheduleReturnCheck()
    {
        if (!_table.AnyAway())
        {
            Timers.Cancel(IdleCheckTimer);
        }
        else if (!Timers.IsTimerActive(IdleCheckTimer))
        {
            Timers.StartPeriodicTimer(IdleCheckTimer, IdleCheck.Instance, _settings.IdleCheckInterval);
        }
    }

    private void Announce(int from, int to, int count, string why)
    {
        if (count > 0)
        {
            Context.System.EventStream.Publish(new BucketsMoved(from, to, count, why));
        }
    }

    private sealed record IdleCheck
    {
        public static IdleCheck Instance { get; } = new();
    }

    private sealed record HoldExpired(int WorkerId);
}
