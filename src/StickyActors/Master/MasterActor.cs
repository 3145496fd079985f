using Akka.Actor;
using Microsoft.Extensions.Logging;
using StickyActors.Backplane;
using StickyActors.ControlPlane;
using StickyActors.Diagnostics;
using StickyActors.Handoff;
using StickyActors.Listening;
using StickyActors.Listening.Steering;
using StickyActors.Logging;
using StickyActors.Preamble;
using StickyActors.Routing;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>
/// The master's top actor. Owns the listening socket and the accept threads, and supervises the
/// routing actor and one backoff-supervised actor per worker process. Workers register here.
/// </summary>
internal sealed partial class MasterActor : ReceiveActor, IWithTimers
{
    private const string PreambleFlushTimer = "preamble-flush";
    private static readonly TimeSpan s_preambleFlushPoll = TimeSpan.FromMilliseconds(10);

    private readonly MasterResources _resources;
    private readonly ILogger _log = ActorLogging.Logger(Context, ActorLogging.MasterCategory);
    private readonly RoutingTableHolder _routingTable;
    private readonly HandoffCounters _counters;
    private readonly NoWorkerQueue _waiting;
    private readonly ConnectionDispatcher _dispatcher;
    private readonly WorkerGenerations _generations;
    private readonly StickyActorsMetrics _metrics;
    private readonly WorkerStatus[] _status;
    private readonly int _capacity;
    private int _workers;
    private readonly string _listenEndPoint;
    private readonly IActorRef[] _supervisors;
    private readonly Dictionary<(int Id, int Generation), IActorRef> _workerActors = [];
    private WorkerContext? _workerContext;
    private readonly AffinityKeyPolicy _keys;
    private readonly PreambleCounters _preambleCounters;
    private PreambleReader? _preamble;
    private AcceptLoop? _acceptLoop;
    private KernelSteering? _steering;
    private SlotDrainer? _groupDrainer;
    private long _ignoredControlMessages;

    public MasterActor(MasterResources resources)
    {
        _resources = resources;
        var settings = resources.Settings;
        _workers = settings.Workers.Count;
        _capacity = settings.Workers.MaxCount;
        _routingTable = new RoutingTableHolder(RoutingSnapshot.Empty(settings.Routing.Buckets, _workers, settings.Routing.HashSeed));
        _counters = new HandoffCounters(_capacity);
        _waiting = new NoWorkerQueue(settings.Handoff.NoWorkerQueueCapacity, settings.Handoff.NoWorkerTimeout, resources.Time, _counters.OnExpiredNoWorker, resources.LoggerFactory.CreateLogger("StickyActors.Handoff")) { RetryAfter = settings.Workers.RestartBackoff.Min + TimeSpan.FromSeconds(1), AnswersHttp = settings.Listen.Protocol == Configuration.ListenProtocol.Http };
        Activity = new BucketActivity(settings.Routing.Buckets, resources.Time);
        _generations = new WorkerGenerations(_capacity);
        _metrics = new StickyActorsMetrics(_counters, _generations, _capacity, () => _waiting.Count, resources.Time, resources.MeterFactory) { Slots = () => Volatile.Read(ref _workers) };
        _metrics.ObserveRouting(() => _routingTable.Current, _capacity);
        _dispatcher = new ConnectionDispatcher(_routingTable, Activity, _counters, _waiting, _metrics.RecordHandoff, resources.Hosts, resources.Forwarder);
        if (resources.Cluster is { } cluster)
        {
            _metrics.ObserveCluster(cluster.ForwardingNow, cluster.HostsNow);
        }

        _keys = new AffinityKeyPolicy(settings.Affinity, settings.Routing.HashSeed, settings.Routing.Buckets);
        if (settings.Affinity.Key == Configuration.AffinityKeySource.BucketCookie)
        {
            _metrics.ObserveAffinityCookies(_keys.Cookies);
        }

        _preambleCounters = new PreambleCounters(resources.LoggerFactory.CreateLogger("StickyActors.Preamble"), resources.Time, _counters);
        _supervisors = Enumerable.Repeat<IActorRef>(ActorRefs.Nobody, _capacity).ToArray();
        _listenEndPoint = resources.Listener.LocalEndPoint?.ToString() ?? string.Empty;
        _status = Enumerable.Range(0, _capacity).Select(i => new WorkerStatus(i, 0, WorkerState.Starting, 0, 0, 0, null, null)).ToArray();

        // Every handler checks where its message came from. From the network only registration and
        // a worker's own "I am stopping" can arrive (nothing else deserializes); the worker actor
        // checks that the latter comes from the control actor it registered. Anything else is
        // ignored and counted in the status, never thrown on.
        Receive<RegisterWorker>(OnRegister);
        Receive<WorkerDraining>(draining => ForwardToWorker(draining.WorkerId, draining));
        Receive<WorkerLifecycleEvent>(_ => IsOwnWorkerActor(), OnLifecycle);
        Receive<GetStatus>(_ => IsLocal(), _ => Sender.Tell(BuildStatus()));
        Receive<GetClientRoute>(_ => IsLocal(), ask => Sender.Tell(RouteOf(ask.Client)));
        Receive<DrainAll>(_ => IsLocal(), OnDrainAll);
        Receive<PreambleFlushCheck>(_ => IsLocal(), OnPreambleFlushCheck);
        Receive<StartAccepting>(_ => IsLocal(), _ =>
        {
            StartAcceptLoop();
            Sender.Tell(AcceptingStarted.Instance);
        });
        Receive<IgnoredControlMessage>(_ => IsLocal(), _ => _ignoredControlMessages++);
        Receive<WorkerDrained>(drained => ActorLog.PreviousProcessDrained(_log, drained.WorkerId, drained.ExitCode));
        RollingRestartBehaviour();
        GivenUpBehaviour();
        ResizeBehaviour();
        Receive<BucketsMoved>(moved => _metrics.OnBucketsMoved(moved.Count));
        ReceiveAny(Ignore);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private BucketActivity Activity { get; }

    public static Props Props(MasterResources resources) => Akka.Actor.Props.Create(() => new MasterActor(resources));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(exception =>
    {
        // The routing actor's table is the truth about who serves whom: keep it (Resume) rather than
        // rebuild it empty. Worker supervisors handle their own children and do not fail themselves.
        ActorLog.ChildFailed(_log, exception);
        return Directive.Resume;
    });

    protected override void PreStart()
    {
        var settings = _resources.Settings;
        Context.System.EventStream.Subscribe(Self, typeof(BucketsMoved));
        var routing = Context.ActorOf(RoutingActor.Props(settings.Routing, _workers, settings.Workers.StartupTimeout, _routingTable, Activity, _resources.Time, _capacity), "routing");
        var backplane = Context.ActorOf(BackplaneActor.Props(_resources.Backplane), "backplane");
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
                : null)
        {
            UnresponsiveAfter = settings.ControlPlane.UnresponsiveAfter,
            Backplane = backplane,
            Stopping = _resources.Stopping,
        };
        for (var id = 0; id < _workers; id++)
        {
            _supervisors[id] = Context.ActorOf(WorkerSupervision.Props(id, _workerContext, _log), WorkerChildName(id));
        }

        if (settings.Affinity.NeedsPreamble)
        {
            _preamble = new PreambleReader(settings.Affinity, settings.Preamble, _keys, _dispatcher, _preambleCounters, _resources.Time);
        }

        _resources.ServeForwarded?.Invoke(_dispatcher.DispatchLocal);
        if (!_resources.DeferAccepting)
        {
            StartAcceptLoop();
        }
    }

    private void StartAcceptLoop()
    {
        if (_acceptLoop is not null || _steering is not null || _groupDrainer is not null)
        {
            return;
        }

        var settings = _resources.Settings;
        var listeningLog = _resources.LoggerFactory.CreateLogger("StickyActors.Listening");
        if (_resources.Slots is { } slots)
        {
            _steering = new KernelSteering(slots, _routingTable, SteeringStart.KeyOf(settings), new SlotDrainer(slots, _dispatcher, _keys, _resources.Time, listeningLog), listeningLog);
            _steering.Start();
        }
        else if (_resources.AdoptedGroup is { } group)
        {
            // Whatever program the previous master left steers each SYN to some slot's socket: accept from them all.
            _groupDrainer = new SlotDrainer(group, _dispatcher, _keys, _resources.Time, listeningLog, _preamble);
            _groupDrainer.Start();
            for (var slot = 0; slot < group.Count; slot++)
            {
                _groupDrainer.SetDraining(slot, true);
            }
        }
        else
        {
            _acceptLoop = new AcceptLoop(_resources.Listener, settings.Listen.AcceptThreads, _dispatcher, _keys, _preamble, _resources.Time, listeningLog)
            {
                ListenerShared = _resources.ListenerShared,
            };
            _acceptLoop.Start();
        }

        ActorLog.MasterAccepting(_log, Environment.ProcessId, _listenEndPoint, _workers, settings.Routing.Buckets, _resources.MasterAddress);
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
            _ignoredControlMessages++;
            ActorLog.RegistrationUnknownWorker(_log, register.WorkerId, Sender.Path.Address);
            Sender.Tell(new RegistrationRefused($"no worker slot {register.WorkerId}"));
            return;
        }

        if (!_workerActors.TryGetValue((register.WorkerId, register.Generation), out var worker))
        {
            _ignoredControlMessages++;
            ActorLog.RegistrationNoSuchLaunch(_log, register.WorkerId, register.Generation, Sender.Path.Address);
            Sender.Tell(new RegistrationRefused("not a worker launched by this master"));
            return;
        }

        worker.Forward(register);
    }

    private void ForwardToWorker(int id, object message)
    {
        if (id >= 0 && id < _capacity)
        {
            _supervisors[id].Forward(message);
            return;
        }

        Ignore(message);
    }

    /// <summary>A message sent by this process, not one that came over the control plane.</summary>
    private bool IsLocal() => Sender.Path.Address.HasLocalScope;

    /// <summary>Sent by one of this master's worker actors (a child of one of its supervisors).</summary>
    private bool IsOwnWorkerActor() => IsLocal() && Sender.Path.Parent.Parent.Equals(Self.Path);

    private void Ignore(object message)
    {
        _ignoredControlMessages++;
        ActorLog.MasterMessageIgnored(_log, message.GetType().Name, Sender.Path);
    }

    private void OnDrainAll(DrainAll drain)
    {
        if (drain.KeepListener && _acceptLoop is not null)
        {
            _acceptLoop.ListenerShared = true;
        }

        // First, so that a worker exiting meanwhile (the stop signal may have reached it too) is not restarted.
        _resources.Stopping.Set();
        StopAcceptLoop();
        if (_preamble is { Count: > 0 })
        {
            // Connections whose first bytes are still being read were accepted here: they reach a
            // worker before the workers drain (at most preamble.timeout, which ends each of them).
            var until = _resources.Time.GetTimestamp() + (long)(_resources.Settings.Preamble.Timeout.TotalSeconds * _resources.Time.TimestampFrequency);
            Timers.StartPeriodicTimer(PreambleFlushTimer, new PreambleFlushCheck(drain, Sender, until), s_preambleFlushPoll);
            return;
        }

        DrainWorkers(drain, Sender);
    }

    private void OnPreambleFlushCheck(PreambleFlushCheck check)
    {
        if (_preamble is { Count: > 0 } && _resources.Time.GetTimestamp() < check.Until)
        {
            return;
        }

        Timers.Cancel(PreambleFlushTimer);
        DrainWorkers(check.Drain, check.ReplyTo);
    }

    private void DrainWorkers(DrainAll drain, IActorRef replyTo)
    {
        OnStopping();
        var asks = new List<Task<bool>>();
        for (var id = 0; id < _workers; id++)
        {
            var child = _supervisors[id];

            if (_status[id].State is WorkerState.Restarting or WorkerState.Stopped or WorkerState.GivenUp)
            {
                Context.Stop(child);
                continue;
            }

            asks.Add(DrainedOrGoneAsync(child, drain.Deadline));
        }

        var total = asks.Count;
        Task.WhenAll(asks).PipeTo(replyTo, success: results => new AllDrained(results.Count(ok => ok), total));
    }

    /// <summary>
    /// Whether the worker drained; also true when its supervision stopped first (its worker exited
    /// by itself while the master stops and is not restarted: there is nothing left to drain).
    /// </summary>
    private static async Task<bool> DrainedOrGoneAsync(IActorRef supervisor, TimeSpan deadline)
    {
        using var cancel = new CancellationTokenSource();
        var drained = supervisor.Ask<WorkerDrained>(new Drain(deadline), Configuration.StopDeadlines.DrainAnswer(deadline));
        var gone = supervisor.WatchAsync(cancel.Token);
        var first = await Task.WhenAny(drained, gone).ConfigureAwait(false);
        await cancel.CancelAsync().ConfigureAwait(false);
        return first == drained ? drained.IsCompletedSuccessfully : gone.IsCompletedSuccessfully && gone.Result;
    }

    private void StopAcceptLoop()
    {
        _steering?.Dispose();
        if (_groupDrainer is not null)
        {
            _groupDrainer.Dispose();
            _resources.AdoptedGroup?.Dispose();
        }

        if (_acceptLoop is null && _steering is null && _groupDrainer is null)
        {
            return;
        }

        _steering = null;
        _groupDrainer = null;

        _acceptLoop?.Dispose();
        _acceptLoop = null;
        ActorLog.MasterStoppedAccepting(_log);
    }
}
