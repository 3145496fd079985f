using Akka.Actor;
using Akka.Event;
using StickyActors.Listening.Preamble;
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
internal sealed partial class MasterActor : ReceiveActor, IWithTimers
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
    private readonly IActorRef[] _supervisors;
    private readonly Dictionary<(int Id, int Generation), IActorRef> _workerActors = [];
    private WorkerContext? _workerContext;
    private readonly AffinityKeyPolicy _keys;
    private readonly PreambleCounters _preambleCounters;
    private PreambleReader? _preamble;
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
        _metrics.ObserveRouting(() => _routingTable.Current, _workers);
        _dispatcher = new ConnectionDispatcher(_routingTable, Activity, _counters, _waiting, _metrics);
        _keys = new AffinityKeyPolicy(settings.Affinity, settings.Routing.HashSeed, settings.Routing.Buckets);
        if (settings.Affinity.Key == Configuration.AffinityKeySource.BucketCookie)
        {
            _metrics.ObserveAffinityCookies(_keys.Cookies);
        }

        _preambleCounters = new PreambleCounters(resources.LoggerFactory.CreateLogger("StickyActors.Preamble"), resources.Time, _counters);
        _supervisors = new IActorRef[_workers];
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
        Receive<WorkerDrained>(drained => _log.Info("Worker {0}'s previous process drained (exit code {1})", drained.WorkerId, drained.ExitCode));
        RollingRestartBehaviour();
        Receive<BucketsMoved>(moved => _metrics.OnBucketsMoved(moved.Count));
    }

    public ITimerScheduler Timers { get; set; } = null!;

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
        var routing = Context.ActorOf(RoutingActor.Props(settings.Routing, _workers, settings.Workers.StartupTimeout, _routingTable, Activity, _resources.Time), "routing");
        _workerContext = new WorkerContext(
            settings.Workers,
            settings.Handoff.QueueCapacity,
            _resources.LauncherFactory(_dispatcher.Dispatch),
            _resources.MasterAddress,
            routing,
            Self,
            _dispatcher.Dispatch,
            _generations,
            settings.Affinity.Key == Configuration.AffinityKeySource.BucketCookie
                ? new OwnedBucketsFeed(_routingTable, settings.Affinity.Name, settings.Affinity.CookieLifetime, AffinityCookie.KeyFor(settings.Routing.HashSeed))
                : null);
        for (var id = 0; id < _workers; id++)
        {
            _supervisors[id] = Context.ActorOf(WorkerSupervision.Props(id, _workerContext, _log), WorkerChildName(id));
        }

        if (settings.Affinity.NeedsPreamble)
        {
            _preamble = new PreambleReader(settings.Affinity, settings.Preamble, _keys, _dispatcher, _preambleCounters, _resources.Time);
        }

        _acceptLoop = new AcceptLoop(_resources.Listener, settings.Listen.AcceptThreads, _dispatcher, _keys, _preamble, _resources.Time, _resources.LoggerFactory.CreateLogger("StickyActors.Listening"));
        _acceptLoop.Start();
        _log.Info("Master {0} accepting on {1} with {2} worker(s), {3} buckets", Environment.ProcessId, _listenEndPoint, _workers, settings.Routing.Buckets);
    }

    protected override void PostStop()
    {
        StopAcceptLoop();
        _preamble?.Dispose();
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

        if (!_workerActors.TryGetValue((register.WorkerId, register.Generation), out var worker))
        {
            _log.Warning("Refused a registration as worker {0} generation {1} from {2}: no such launch", register.WorkerId, register.Generation, Sender.Path.Address);
            Sender.Tell(new RegistrationRefused("not a worker launched by this master"));
            return;
        }

        worker.Forward(register);
    }

    private void ForwardToWorker(int id, object message)
    {
        if (id >= 0 && id < _workers)
        {
            _supervisors[id].Forward(message);
        }
    }

    private void OnDrainAll(DrainAll drain)
    {
        StopAcceptLoop();
        var replyTo = Sender;
        var asks = new List<Task<bool>>();
        for (var id = 0; id < _workers; id++)
        {
            var child = _supervisors[id];

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
