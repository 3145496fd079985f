using Akka.Actor;
using Akka.Event;

namespace StickyActors.ControlPlane;

/// <summary>
/// The worker's side of the control plane: registers with the master (retrying until answered),
/// watches it, and passes drain requests and the loss of the master to the worker host.
/// </summary>
internal sealed class WorkerControlActor : ReceiveActor, IWithTimers
{
    private const string RegisterTimer = "register";
    private static readonly TimeSpan s_registerRetry = TimeSpan.FromMilliseconds(250);

    private readonly RegisterWorker _registration;
    private readonly ActorSelection _master;
    private readonly IWorkerHostCallbacks _host;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _masterActor;

    public WorkerControlActor(string masterPath, RegisterWorker registration, IWorkerHostCallbacks host)
    {
        _registration = registration;
        _host = host;
        _master = Context.ActorSelection(masterPath);

        Receive<RetryRegister>(_ => _master.Tell(_registration));
        Receive<WorkerRegistered>(_ =>
        {
            if (_masterActor is not null)
            {
                return;
            }

            Timers.Cancel(RegisterTimer);
            _masterActor = Sender;
            Context.Watch(_masterActor);
            _log.Info("Worker {0} registered with master {1}", _registration.WorkerId, Sender.Path);
            _host.Registered();
        });
        Receive<RegistrationRefused>(refused =>
        {
            _log.Error("Master refused worker {0}: {1}", _registration.WorkerId, refused.Reason);
            _host.MasterLost("registration refused: " + refused.Reason);
        });
        Receive<DrainWorker>(drain =>
        {
            _log.Info("Worker {0} asked to drain within {1}", _registration.WorkerId, drain.Deadline);
            _host.Drain(drain.Deadline);
        });
        Receive<GetWorkerStatistics>(_ => Sender.Tell(_host.Statistics()));
        Receive<LocalDrainStarted>(_ => (_masterActor is null ? (ICanTell)_master : _masterActor).Tell(new WorkerDraining(_registration.WorkerId), Self));
        Receive<Terminated>(_ => _host.MasterLost("the master's actor for this worker terminated"));
        Receive<ReportSessions>(report => _masterActor?.Tell(new WorkerSessions(_registration.WorkerId, report.OpenBuckets), Self));
        Receive<WorkerBucketsOwned>(owned => Sender.Equals(_masterActor) && owned.WorkerId == _registration.WorkerId, _host.BucketsOwned);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string masterPath, RegisterWorker registration, IWorkerHostCallbacks host) =>
        Akka.Actor.Props.Create(() => new WorkerControlActor(masterPath, registration, host));

    protected override void PreStart()
    {
        _master.Tell(_registration);
        Timers.StartPeriodicTimer(RegisterTimer, RetryRegister.Instance, s_registerRetry);
    }

    /// <summary>The worker began to stop on its own (SIGTERM): tell the master to stop routing to it.</summary>
    internal sealed record LocalDrainStarted
    {
        public static LocalDrainStarted Instance { get; } = new();
    }

    /// <summary>The worker's buckets with an open connection changed: tell the master (once registered).</summary>
    internal sealed record ReportSessions(IReadOnlyList<int> OpenBuckets);

    private sealed record RetryRegister
    {
        public static RetryRegister Instance { get; } = new();
    }
}
