using Akka.Actor;
using Microsoft.Extensions.Logging;
using StickyActors.Logging;

namespace StickyActors.ControlPlane;

/// <summary>
/// The worker's side of the control plane: registers with the master (retrying until answered) and
/// passes drain requests and a refusal to the worker host. Only the master actor that accepted the
/// registration may drain or ping this worker (it answers that actor's pings, which is how the master
/// tells a hung worker from a live one); anything else is ignored. (The master's death is seen
/// through the handle channel and the parent-death signal, not remote death watch, which the
/// untrusted mode refuses.)
/// </summary>
internal sealed class WorkerControlActor : ReceiveActor, IWithTimers
{
    private const string RegisterTimer = "register";
    private static readonly TimeSpan s_registerRetry = TimeSpan.FromMilliseconds(250);

    private readonly RegisterWorker _registration;
    private readonly ActorSelection _master;
    private readonly IWorkerHostCallbacks _host;
    private readonly ILogger _log = ActorLogging.Logger(Context, ActorLogging.WorkerCategory);
    private IActorRef? _masterActor;

    public WorkerControlActor(string masterPath, RegisterWorker registration, IWorkerHostCallbacks host)
    {
        _registration = registration;
        _host = host;
        _master = Context.ActorSelection(masterPath);

        Receive<RetryRegister>(_ => _master.Tell(_registration));
        Receive<WorkerRegistered>(_ => FromMasterSystem(), _ =>
        {
            if (_masterActor is not null)
            {
                return;
            }

            Timers.Cancel(RegisterTimer);
            _masterActor = Sender;
            ActorLog.RegisteredWithMaster(_log, _registration.WorkerId, Sender.Path);
            _host.Registered();
        });
        Receive<RegistrationRefused>(_ => FromMasterSystem(), refused =>
        {
            ActorLog.MasterRefusedWorker(_log, _registration.WorkerId, refused.Reason);
            _host.MasterLost("registration refused: " + refused.Reason);
        });
        Receive<DrainWorker>(_ => _masterActor is not null && Sender.Equals(_masterActor), drain =>
        {
            ActorLog.AskedToDrain(_log, _registration.WorkerId, drain.Deadline);
            _host.Drain(drain.Deadline);
        });
        Receive<Ping>(_ => _masterActor is not null && Sender.Equals(_masterActor), _ =>
        {
            var steered = _host.SteeredAccepted;
            Sender.Tell(Refused == 0 && steered == 0 ? Pong.Instance : new Pong(Refused, steered), Self);
        });
        Receive<LocalDrainStarted>(_ => (_masterActor is null ? (ICanTell)_master : _masterActor).Tell(new WorkerDraining(_registration.WorkerId), Self));
        Receive<ReportSessions>(report => _masterActor?.Tell(new WorkerSessions(_registration.WorkerId, report.OpenBuckets), Self));
        Receive<WorkerBucketsOwned>(owned => Sender.Equals(_masterActor) && owned.WorkerId == _registration.WorkerId, _host.BucketsOwned);
        Receive<IBackplaneMessage>(_ => _masterActor is not null && Sender.Equals(_masterActor), _host.Backplane);
        Receive<PublishBackplane>(publish => _masterActor?.Tell(publish.Message, Self));
        ReceiveAny(message =>
        {
            // Not from the master actor that accepted this worker (or not ours at all): ignored.
            Refused++;
            ActorLog.ControlMessageIgnored(_log, _registration.WorkerId, message.GetType().Name, Sender.Path);
        });
    }

    /// <summary>Messages ignored because they did not come from this worker's master (reported to the master with each <see cref="Pong"/>).</summary>
    internal long Refused { get; private set; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string masterPath, RegisterWorker registration, IWorkerHostCallbacks host) =>
        Akka.Actor.Props.Create(() => new WorkerControlActor(masterPath, registration, host));

    private bool FromMasterSystem() => Sender.Path.Address.Equals(_master.Anchor.Path.Address);

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

    /// <summary>
    /// This worker's SignalR publishes <see cref="Message"/> for every other worker: sent to the
    /// master once registered (before that there is no connection anyone could miss it on).
    /// </summary>
    internal sealed record PublishBackplane(IBackplaneMessage Message);

    private sealed record RetryRegister
    {
        public static RetryRegister Instance { get; } = new();
    }
}
