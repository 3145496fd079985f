using Akka.Actor;
using StickyActors.Configuration;
using StickyActors.Logging;
using StickyActors.Routing;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>
/// The worker count at run time (SIGTTIN / SIGTTOU, gunicorn's convention): a slot is added with
/// the fewest buckets the balance needs, which reach its worker only once it registered; the
/// highest slot is removed by moving only its buckets and draining its worker. Under kernel
/// steering an added slot gets a listening socket in the group first, and a removed one's stays
/// open, parked, for the master to drain and for the slot's return.
/// </summary>
internal sealed partial class MasterActor
{
    private readonly Queue<PendingResize> _pendingResizes = new();

    /// <summary>The most slots a resize may reach: <c>workers.max-count</c>, never more than the buckets.</summary>
    private int MaxSlots => Math.Min(_capacity, _resources.Settings.Routing.Buckets);

    private void ResizeBehaviour()
    {
        Receive<ResizeWorkers>(_ => IsLocal(), OnResize);
        Receive<SlotAdded>(_ => Sender.Equals(_workerContext?.Routing), OnSlotAdded);
        Receive<SlotRemoved>(_ => Sender.Equals(_workerContext?.Routing), OnSlotRemoved);
        Receive<RemovedSlotDrained>(_ => IsLocal(), drained =>
        {
            ResizeLog.RemovedSlotDrained(_log, drained.WorkerId, drained.ExitCode);
            Context.Stop(drained.Supervisor);
        });
    }

    private void OnResize(ResizeWorkers resize)
    {
        var refusal = resize.Delta switch
        {
            _ when _stopping => "the master is stopping",
            _ when _rolling is not null => "a rolling restart is in progress",
            1 when _workers >= MaxSlots => $"already {_workers} worker slot(s), the most workers.max-count ({_capacity}) and routing.buckets ({_resources.Settings.Routing.Buckets}) allow",
            -1 when _workers <= 1 => "the last worker slot is never removed",
            1 or -1 => null,
            _ => "a resize adds or removes one slot",
        };
        if (refusal is not null)
        {
            ResizeLog.ResizeRefused(_log, refusal);
            Sender.Tell(new ResizeDone(false, _workers, refusal));
            return;
        }

        if (resize.Delta == 1 && SlotSocketFor(_workers) is { } failure)
        {
            ResizeLog.ResizeRefused(_log, failure);
            Sender.Tell(new ResizeDone(false, _workers, failure));
            return;
        }

        if (resize.Delta == 1)
        {
            AddSlot();
        }
        else
        {
            RemoveSlot();
        }
    }

    /// <summary>
    /// Under kernel steering, slot <paramref name="id"/>'s listening socket: a removed slot's parked
    /// one, else a new member of the group (at its end, so no other slot's index changes). Null when
    /// it is there, else why not. Opened before the routing actor learns of the slot, so every table
    /// that names the slot finds its socket.
    /// </summary>
    private string? SlotSocketFor(int id)
    {
        try
        {
            _resources.Slots?.EnsureCount(id + 1);
            return null;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            return $"the listening socket of worker slot {id} could not join the kernel steering group: {e.Message}";
        }
    }

    private void AddSlot()
    {
        var id = _workers++;
        _status[id] = new WorkerStatus(id, 0, WorkerState.Starting, 0, 0, 0, null, null);
        Volatile.Write(ref _givenUp[id], false);

        // The routing actor knows the slot before its worker can register.
        _workerContext!.Routing.Tell(new AddSlot(id));
        _supervisors[id] = Context.ActorOf(WorkerSupervision.Props(id, _workerContext, _log), $"{WorkerChildName(id)}-s{++_incarnations}");
        _pendingResizes.Enqueue(new PendingResize(id, Sender, ActorRefs.Nobody, WorkerState.Starting));
        UpdateNoWorkerComing();
    }

    private void RemoveSlot()
    {
        var id = --_workers;
        var supervisor = _supervisors[id];
        _supervisors[id] = ActorRefs.Nobody;
        var state = IsGivenUp(id) ? WorkerState.GivenUp : _status[id].State;
        Volatile.Write(ref _givenUp[id], false);
        _workerContext!.Routing.Tell(new RemoveSlot(id));
        _pendingResizes.Enqueue(new PendingResize(id, Sender, supervisor, state));
        UpdateNoWorkerComing();
    }

    private void OnSlotAdded(SlotAdded added)
    {
        if (!_pendingResizes.TryDequeue(out var pending))
        {
            return;
        }

        ResizeLog.SlotAdded(_log, added.WorkerId, _workers, MaxSlots, added.Rehomed, _resources.Settings.Routing.Buckets);
        pending.ReplyTo.Tell(new ResizeDone(true, _workers, $"worker slot {added.WorkerId} added; {added.Rehomed} bucket(s) move to it once its worker registered"));
    }

    /// <summary>The table without the slot is published: only now is its worker drained (or, if it has none running, stopped).</summary>
    private void OnSlotRemoved(SlotRemoved removed)
    {
        if (!_pendingResizes.TryDequeue(out var pending))
        {
            return;
        }

        var deadline = _resources.Settings.Workers.ShutdownTimeout;
        ResizeLog.SlotRemoved(_log, removed.WorkerId, _workers, removed.Rehomed, removed.Moved, deadline.TotalSeconds);
        if (pending.State is WorkerState.Restarting or WorkerState.Stopped or WorkerState.GivenUp)
        {
            Context.Stop(pending.Supervisor);
        }
        else
        {
            var supervisor = pending.Supervisor;
            var id = removed.WorkerId;
            supervisor.Ask<WorkerDrained>(new Drain(deadline), StopDeadlines.DrainAnswer(deadline))
                .PipeTo(Self, success: drained => new RemovedSlotDrained(id, supervisor, drained.ExitCode), failure: _ => new RemovedSlotDrained(id, supervisor, -1));
        }

        pending.ReplyTo.Tell(new ResizeDone(true, _workers, $"worker slot {removed.WorkerId} removed; {removed.Moved} bucket(s) changed worker, its worker drains"));
    }

    private sealed record PendingResize(int WorkerId, IActorRef ReplyTo, IActorRef Supervisor, WorkerState State);
}
