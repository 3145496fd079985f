using Akka.Actor;
using StickyActors.Logging;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>
/// Rolling restart: one worker slot at a time, a new process is launched beside the old one; once it
/// registered it takes over the slot's buckets, and only then is the old process drained. A
/// replacement that does not come up in time aborts the restart and the old process keeps serving.
/// </summary>
internal sealed partial class MasterActor
{
    private const string RollingTimer = "rolling-restart";

    private readonly Dictionary<long, IActorRef> _drainsAfterRouting = [];
    private RollingRestartState? _rolling;
    private int _incarnations;
    private long _routingFlushes;

    private void RollingRestartBehaviour()
    {
        Receive<Routing.RoutingFlushed>(flushed =>
        {
            if (_drainsAfterRouting.Remove(flushed.Id, out var old))
            {
                old.Tell(new Drain(_resources.Settings.Workers.ShutdownTimeout));
            }
        });
        Receive<RollingRestart>(_ => IsLocal(), _ =>
        {
            if (_rolling is not null)
            {
                Sender.Tell(new RollingRestartDone(false, "a rolling restart is already in progress"));
                return;
            }

            ActorLog.RollingRestartBegins(_log, _workers);
            _rolling = new RollingRestartState(Sender, new Queue<int>(Enumerable.Range(0, _workers)));
            ReplaceNext();
        });
        Receive<RollingReplacementTimedOut>(timedOut =>
        {
            if (_rolling?.Successor is not { } successor || _rolling.WorkerId != timedOut.WorkerId)
            {
                return;
            }

            Context.Stop(successor);
            var reason = $"the replacement of worker {timedOut.WorkerId} did not register within {_resources.Settings.Workers.StartupTimeout}; the old process keeps serving";
            ActorLog.RollingRestartAborted(_log, reason);
            _rolling.ReplyTo.Tell(new RollingRestartDone(false, reason));
            _rolling = null;
        });
    }

    private void ReplaceNext()
    {
        if (_rolling!.Pending.Count == 0)
        {
            ActorLog.RollingRestartComplete(_log);
            _rolling.ReplyTo.Tell(new RollingRestartDone(true, "every worker was replaced"));
            _rolling = null;
            return;
        }

        var id = _rolling.Pending.Dequeue();
        var name = $"{WorkerChildName(id)}-r{++_incarnations}";
        _rolling.WorkerId = id;
        _rolling.Successor = Context.ActorOf(WorkerSupervision.Props(id, _workerContext!, _log), name);
        Timers.StartSingleTimer(RollingTimer, new RollingReplacementTimedOut(id), _resources.Settings.Workers.StartupTimeout);
    }

    private void OnRollingLifecycle(WorkerLifecycleEvent e, IActorRef worker)
    {
        if (_rolling?.Successor is not { } successor || e.WorkerId != _rolling.WorkerId
            || e.State != WorkerState.Running || !worker.Path.Parent.Equals(successor.Path))
        {
            return;
        }

        Timers.Cancel(RollingTimer);
        var old = _supervisors[e.WorkerId];
        _supervisors[e.WorkerId] = successor;
        // The successor's registration reached the routing actor before this event reached us; going
        // through it, the old process is drained only after the table that routes to the successor.
        _drainsAfterRouting[++_routingFlushes] = old;
        _workerContext!.Routing.Tell(new Routing.FlushRouting(_routingFlushes));
        ActorLog.WorkerReplaced(_log, e.WorkerId, e.Pid);
        ReplaceNext();
    }

    private sealed class RollingRestartState(IActorRef replyTo, Queue<int> pending)
    {
        public IActorRef ReplyTo => replyTo;

        public Queue<int> Pending => pending;

        public int WorkerId { get; set; } = -1;

        public IActorRef? Successor { get; set; }
    }
}
