using Akka.Actor;
using Akka.Event;
using StickyActors.ControlPlane;
using StickyActors.Diagnostics;
using StickyActors.Handoff;
using StickyActors.Routing;
using StickyActors.Workers;

namespace StickyActors.Listening;

/// <summary>
/// The master's top actor. Owns the listening socket and the accept threads, and supervises the
/// routing actor and one backoff-supervised actor per worker process. Workers register here.
/// </summary>
internal sealed class MasterActor : ReceiveActor
{
    private readonly MasterResources _resources;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RoutingTableHolder _routingTable;
    private readonly HandoffCounters _counters;
    private readonly NoWorkerQueue _waiting;
    private readonly ConnectionDispatcher _dispatcher;
    private readonly WorkerGenerations _generations;
    private readonly StickyActorsMetrics _metrics;
    private readonly WorkerStatus[] _status;
    private readonly int _workers;
    private readonly string _listenEndPoint;
    private AcceptLoop? _acceptLoop;

    public MasterActor(MasterResources resources)
    {
        _resources = resources;
        var settings = resources.Settings;
        _workers = settings.Workers.Count;
        _routingTable = new RoutingTableHolder(RoutingSnapshot.Empty(settings.Routing.Buckets, _workers, settings.Routing.HashSeed));
        _counters = new HandoffCounters(_workers);
        _waiting = new NoWorkerQueue(settings.Handoff.NoWorkerQueueCapacity, settings.Handoff.NoWorkerTimeout, resources.Time, _counters.OnExpiredNoWorker, resources.LoggerFactory.CreateLogger("StickyActors.Handoff"));
        Activity = new BucketActivity(settings.Routing.Buckets, resources.Time);
        _generations = new WorkerGenerations(_workers);
        _metrics = new StickyActorsMetrics(_counters, _generations, _workers, () => _waiting.Count, resources.Time, resources.MeterFactory);
        _dispatcher = new ConnectionDispatcher(_routingTable, Activity, _counters, _waiting, _metrics);
        _listenEndPoint = resources.Listener.LocalEndPoint?.ToString() ?? string.Empty;
        _status = Enumerable.Range(0, _workers).Select(i => new WorkerStatus(i, 0, WorkerState.Starting, 0, 0, 0, null, null)).ToArray();

        Receive<RegisterWorker>(OnRegister);
        Receive<WorkerDraining>(draining => ForwardToWorker(draining.WorkerId, draining));
        Receive<WorkerLifecycleEvent>(OnLifecycle);
        Receive<GetStatus>(_ => Sender.Tell(BuildStatus()));
        Receive<StopAccepting>(_ =>
        {
            StopAcceptLoop();
            Sender.Tell(Done.Instance);
        });
        Receive<DrainAll>(OnDrainAll);
        Receive<BucketsMoved>(moved => _metrics.OnBucketsMoved(moved.Count));
    }

    private BucketActivity Activity { get; }

    public static Props Props(MasterResources resources) => Akka.Actor.Props.Create(() => new MasterActor(resources));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(exception =>
    {
        // The routing actor's table is the truth about who serves whom: keep it (Resume) rather than
        // rebuild it empty. Worker supervisors handle their own children and do not fail themselves.
        _log.Error(exception, "Child of the master failed; resuming it with its state");
        return Directive.Resume;
    });

    protected override void PreStart()
    {
        var settings = _resources.Settings;
        Context.System.EventStream.Subscribe(Self, typeof(BucketsMoved));
        var routing = Context.ActorOf(RoutingActor.Props(settings.Routing, _workers, _routingTable, Activity), "routing");
        var context = new WorkerContext(
            settings.Workers,
            settings.Handoff.QueueCapacity,
            _resources.LauncherFactory(_dispatcher.Dispatch),
            _resources.MasterAddress,
            routing,
            Self,
            _dispatcher.Dispatch,
            _generations);
        for (var id = 0; id < _workers; id++)
        {
            Context.ActorOf(WorkerSupervision.Props(id, context, _log), WorkerChildName(id));
        }

        _acceptLoop = new AcceptLoop(_resources.Listener, settings.Listen.AcceptThreads, _dispatcher, _resources.Time, _resources.LoggerFactory.CreateLogger("StickyActors.Listening"));
        _acceptLoop.Start();
        _log.Info("Master {0} accepting on {1} with {2} worker(s), {3} buckets", Environment.ProcessId, _listenEndPoint, _workers, settings.Routing.Buckets);
    }

    protected override void PostStop()
    {
        StopAcceptLoop();
        _waiting.Dispose();
        _metrics.Dispose();
    }

    internal static string WorkerChildName(int id) => $"worker-{id}";

    private void OnRegister(RegisterWorker register)
    {
        if (register.WorkerId < 0 || register.WorkerId >= _workers)
        {
            _log.Warning("Refused a registration for unknown worker id {0} from {1}", register.WorkerId, Sender.Path.Address);
            Sender.Tell(new RegistrationRefused($"no worker slot {register.WorkerId}"));
            return;
        }

        ForwardToWorker(register.WorkerId, register);
    }

    private void ForwardToWorker(int id, object message)
    {
        if (id >= 0 && id < _workers)
        {
            Context.Child(WorkerChildName(id)).Forward(message);
        }
    }

    private void OnLifecycle(WorkerLifecycleEvent e)
    {
        var previous = _status[e.WorkerId];
        _status[e.WorkerId] = previous with
        {
            Pid = e.Pid,
            State = e.State,
            Restarts = Math.Max(0, e.Generation - 1),
            LastExitCode = e.ExitCode ?? previous.LastExitCode,
            LastError = e.ExitCode is null ? previous.LastError : e.Detail,
        };
    }

    private void OnDrainAll(DrainAll drain)
    {
        StopAcceptLoop();
        var replyTo = Sender;
        var asks = new List<Task<bool>>();
        for (var id = 0; id < _workers; id++)
        {
            var child = Context.Child(WorkerChildName(id));
            if (child.IsNobody())
            {
                continue;
            }

            if (_status[id].State is WorkerState.Restarting or WorkerState.Stopped)
            {
                Context.Stop(child);
                continue;
            }

            asks.Add(child.Ask<WorkerDrained>(new Drain(drain.Deadline), drain.Deadline + TimeSpan.FromSeconds(1))
                .ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default));
        }

        var total = asks.Count;
        Task.WhenAll(asks).PipeTo(replyTo, success: results => new AllDrained(results.Count(ok => ok), total));
    }

    private ClusterStatus BuildStatus()
    {
        var snapshot = _routingTable.Current;
        var owned = new int[_workers];
        for (var bucket = 0; bucket < snapshot.Buckets; bucket++)
        {
            var owner = snapshot.OwnerOf(bucket);
            if (owner >= 0)
            {
                owned[owner]++;
            }
        }

        var workers = _status.Select(s => s with { BucketsOwned = owned[s.Id], ConnectionsHandedOff = _counters.HandedOff(s.Id) }).ToArray();
        return new ClusterStatus(
            Environment.ProcessId,
            _listenEndPoint,
            workers,
            _counters.Accepted,
            _counters.Rerouted,
            _counters.Overflow,
            _dispatcher.Waiting,
            _counters.ExpiredNoWorker,
            _counters.AcceptErrors,
            GC.GetTotalAllocatedBytes());
    }

    private void StopAcceptLoop()
    {
        if (_acceptLoop is null)
        {
            return;
        }

        _acceptLoop.Dispose();
        _acceptLoop = null;
        _log.Info("Master stopped accepting connections");
    }
}
