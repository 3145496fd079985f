using Akka.Actor;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using StickyActors.Backplane;
using StickyActors.Configuration;
using StickyActors.ControlPlane;

namespace StickyActors.Worker;

/// <summary>
/// Everything a worker process runs besides the application: the handle-channel receiver and the
/// control-plane actor system. Decides when the worker stops: when the master drains it, when it is
/// stopped locally (SIGTERM), or when the master is lost (then it exits within the configured time).
/// </summary>
internal sealed class WorkerRuntime : IWorkerHostCallbacks, IAsyncDisposable
{
    public const int MasterLostExitCode = 3;

    private readonly WorkerEnvironment _environment;
    private readonly StickyActorsSettings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HandoffReceiver _receiver;
    private readonly BucketSessions _sessions;
    private readonly ActorSystem _system;
    private readonly IActorRef _control;
    private readonly WorkerStartupTrace _startup;
    private int _drainDeadlineSet;
    private Timer? _hardExit;

    public WorkerRuntime(WorkerEnvironment environment, WorkerCredentials credentials, StickyActorsSettings settings, ILoggerFactory loggerFactory)
    {
        _startup = new WorkerStartupTrace(loggerFactory.CreateLogger("StickyActors.Worker"), environment.WorkerId);
        _environment = environment;
        _settings = settings;
        _logger = loggerFactory.CreateLogger("StickyActors.Worker");
        _sessions = new BucketSessions(settings.Routing.Buckets, settings.Routing.SessionReportDelay, TimeProvider.System, buckets => _control?.Tell(new WorkerControlActor.ReportSessions(buckets)));
        _receiver = new HandoffReceiver(environment.HandoffFd, settings.Handoff.QueueCapacity, HandoffsEnded, _sessions);
        var (config, transportSetup) = ControlPlaneTransport.ForWorker(
            ControlPlaneConfig.LoggingBridge.WithFallback(ControlPlaneTuning.Idle).WithFallback(ControlPlaneConfig.MasterGuardian),
            ControlPlaneConfig.Create(settings.ControlPlane, port: 0, trustedSelectionPaths: []),
            environment.ControlFd,
            environment.MasterAddress,
            credentials.Pkcs12);
        var setup = BootstrapSetup.Create()
            .WithConfig(config)
            .And(new LoggerFactorySetup(new ControlPlane.TransportLogGate(loggerFactory)))
            .And(transportSetup);
        _system = ControlPlaneSystem.Create($"{ControlPlaneConfig.WorkerSystemName}-{environment.WorkerId}", setup);
        var registration = new RegisterWorker(environment.WorkerId, environment.Generation, Environment.ProcessId, credentials.Secret);
        var masterPath = $"{environment.MasterAddress}/user/{ControlPlaneConfig.MasterActorName}";
        _control = _system.ActorOf(WorkerControlActor.Props(masterPath, registration, this), "control");
        Backplane = new WorkerBackplane(message => _control.Tell(new WorkerControlActor.PublishBackplane(message)), loggerFactory.CreateLogger("StickyActors.Backplane"));
        _startup.ActorSystemUp();
        _receiver.Start();
    }

    public int WorkerId => _environment.WorkerId;

    /// <summary>Chooses the buckets this worker's affinity cookies name (ready once the master said which it owns).</summary>
    public AffinityCookieIssuer AffinityCookies { get; } = new();

    public CancellationToken Stopping => _stopping.Token;

    /// <summary>This worker's end of the backplane between workers (the SignalR package's transport).</summary>
    public WorkerBackplane Backplane { get; }

    public Task Registered => _registered.Task;

    /// <summary>The startup figures this worker logs once it is ready.</summary>
    internal WorkerStartupTrace Startup => _startup;

    public System.Threading.Channels.ChannelReader<StickyConnection> Connections => _receiver.Connections;

    /// <summary>Completes when the master will send no more connections (its end is sealed or gone).</summary>
    public Task HandoffsCompleted => _receiver.Connections.Completion;

    void IWorkerHostCallbacks.Registered()
    {
        _sessions.Resend();
        _startup.Registered();
        _registered.TrySetResult();
    }

    void IWorkerHostCallbacks.Drain(TimeSpan deadline)
    {
        Interlocked.Exchange(ref _drainDeadlineSet, 1);
        ArmHardExit(StopDeadlines.DrainAnswer(deadline));
        _stopping.Cancel();
    }

    void IWorkerHostCallbacks.MasterLost(string reason) => OnMasterLost(reason);

    void IWorkerHostCallbacks.BucketsOwned(WorkerBucketsOwned owned) => AffinityCookies.Update(owned);

    void IWorkerHostCallbacks.Backplane(IBackplaneMessage message) => Backplane.Deliver(message);

    long IWorkerHostCallbacks.SteeredAccepted => _receiver.SteeredAccepted;

    /// <summary>The application is stopping on its own: ask the master to stop routing here first.</summary>
    public void BeginLocalStop()
    {
        if (!_stopping.IsCancellationRequested)
        {
            WorkerLog.LocalStop(_logger, WorkerId);
            _control.Tell(WorkerControlActor.LocalDrainStarted.Instance);
            _stopping.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _receiver.Dispose();
        _sessions.Dispose();
        _hardExit?.Dispose();
        await _system.Terminate().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void HandoffsEnded(string reason)
    {
        // End of file on the handle channel comes either after the master sealed it (a drain, which
        // a DrainWorker message accompanies) or because the master died. Give the drain message a
        // moment; without it, treat the master as lost.
        if (Volatile.Read(ref _drainDeadlineSet) == 0)
        {
            _ = Task.Delay(TimeSpan.FromMilliseconds(300)).ContinueWith(
                _ =>
                {
                    if (Volatile.Read(ref _drainDeadlineSet) == 0)
                    {
                        OnMasterLost(reason);
                    }
                },
                TaskScheduler.Default);
        }
    }

    private void OnMasterLost(string reason)
    {
        if (Interlocked.Exchange(ref _drainDeadlineSet, 1) == 1 && _hardExit is not null)
        {
            return;
        }

        WorkerLog.MasterLost(_logger, WorkerId, reason, _settings.ControlPlane.MasterLostTimeout.TotalMilliseconds);
        ArmHardExit(_settings.ControlPlane.MasterLostTimeout);
        _stopping.Cancel();
    }

    private void ArmHardExit(TimeSpan after)
    {
        var timer = new Timer(
            _ =>
            {
                WorkerLog.HardExit(_logger, WorkerId, after.TotalMilliseconds, MasterLostExitCode);
                Environment.Exit(MasterLostExitCode);
            },
            null,
            after,
            Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _hardExit, timer)?.Dispose();
    }
}
