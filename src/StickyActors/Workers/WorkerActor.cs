using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Event;
using StickyActors.ControlPlane;
using StickyActors.Routing;

namespace StickyActors.Workers;

/// <summary>
/// Owns one worker process for exactly as long as it lives: launches it, admits its registration
/// (per-launch secret and pid), watches its control plane, and fails with
/// <see cref="WorkerExitedException"/> when the process exits, so that the backoff supervisor above
/// starts a replacement. Stopping this actor kills a process that is still running.
/// </summary>
internal sealed partial class WorkerActor : ReceiveActor, IWithTimers
{
    private const string StartupTimer = "startup";
    private const string DrainTimer = "drain";

    private readonly int _id;
    private readonly WorkerContext _context;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
    private LaunchedWorker? _worker;
    private IActorRef? _control;
    private IActorRef? _drainRequester;
    private int _generation;

    public WorkerActor(int id, WorkerContext context)
    {
        _id = id;
        _context = context;
        Starting();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(int id, WorkerContext context) => Akka.Actor.Props.Create(() => new WorkerActor(id, context));

    private int Pid => _worker?.Process.Pid ?? 0;

    protected override void PreStart()
    {
        _generation = _context.Generations.Next(_id);
        var spec = new WorkerLaunchSpec(_id, _generation, _secret, _context.MasterAddress, _context.QueueCapacity);
        _worker = _context.Launcher.Launch(spec, _context.Reroute);
        var self = Self;
        _worker.Channel.Died += () => self.Tell(ChannelBroken.Instance);

        _worker.Process.Exited.PipeTo(self, success: code => new ProcessExited(code));
        Timers.StartSingleTimer(StartupTimer, StartupTimedOut.Instance, _context.Settings.StartupTimeout);
        _log.Info("Worker {0} launched as pid {1} (generation {2})", _id, Pid, _generation);
        Report(WorkerState.Starting);
    }

    protected override void PostStop()
    {
        _context.Routing.Tell(new WorkerDown(_id, _generation, "worker actor stopped"));
        StopOwnedBucketsFeed();
        _worker?.Dispose();
    }

    private void Starting()
    {
        Receive<RegisterWorker>(OnRegister);
        Receive<ProcessExited>(Exited);
        Receive<StartupTimedOut>(_ =>
        {
            _log.Warning("Worker {0} (pid {1}) did not register within {2}; killing it", _id, Pid, _context.Settings.StartupTimeout);
            _worker?.Process.Kill();
        });
        Receive<ChannelBroken>(_ => _worker?.Process.Kill());
        Receive<Drain>(drain => BeginDrain(drain));
        Receive<WorkerSessions>(_ => { });
    }

    private void Running()
    {
        Receive<RegisterWorker>(OnRegister);
        Receive<ProcessExited>(Exited);
        Receive<Terminated>(t => t.ActorRef.Equals(_control), _ =>
        {
            _log.Warning("Worker {0} (pid {1}) lost its control plane; killing it", _id, Pid);
            _context.Routing.Tell(new WorkerDown(_id, _generation, "control plane lost"));
            _worker?.Process.Kill();
        });
        Receive<ChannelBroken>(_ =>
        {
            _log.Warning("Worker {0} (pid {1}) handle channel broke; killing it", _id, Pid);
            _context.Routing.Tell(new WorkerDown(_id, _generation, "handle channel broke"));
            _worker?.Process.Kill();
        });
        Receive<Drain>(drain => BeginDrain(drain));
        Receive<WorkerDraining>(_ => Sender.Equals(_control), _ =>
        {
            _log.Info("Worker {0} (pid {1}) is stopping on its own; it will be replaced", _id, Pid);
            BeginDrain(null);
        });
        Receive<WorkerSessions>(
            sessions => Sender.Equals(_control) && sessions.WorkerId == _id,
            sessions => _context.Routing.Tell(new BucketSessionsReported(_id, _generation, sessions.OpenBuckets)));
        Receive<WorkerSessions>(_ => _log.Warning("Ignored a sessions report for worker {0} from {1}: not its registered control actor", _id, Sender.Path));
        Receive<OwnedBucketsChanged>(changed => SendOwnedBuckets(changed.Table));
    }

    private void Draining()
    {
        Receive<ProcessExited>(exited =>
        {
            if (_drainRequester is null)
            {
                Exited(exited);
                return;
            }

            _log.Info("Worker {0} (pid {1}) drained and exited with code {2}", _id, Pid, exited.ExitCode);
            Report(WorkerState.Stopped, exited.ExitCode);
            _drainRequester.Tell(new WorkerDrained(_id, exited.ExitCode));
            Context.Stop(Self);
        });
        Receive<DrainTimedOut>(_ =>
        {
            _log.Warning("Worker {0} (pid {1}) did not drain within its deadline; killing it", _id, Pid);
            _worker?.Process.Kill();
        });
        Receive<Drain>(_ => _drainRequester = Sender);
        Receive<RegisterWorker>(_ => Sender.Tell(new RegistrationRefused("worker is draining")));
        Receive<WorkerDraining>(_ => { });
        Receive<Terminated>(_ => { });
        Receive<ChannelBroken>(_ => { });
        Receive<WorkerSessions>(_ => { });
        Receive<OwnedBucketsChanged>(_ => { });
    }

    private void OnRegister(RegisterWorker register)
    {
        if (register.WorkerId != _id || register.Generation != _generation || register.Pid != Pid
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(register.Secret), Encoding.UTF8.GetBytes(_secret)))
        {
            _log.Warning("Refused a registration as worker {0} from {1} (pid {2}): it is not the process this master launched", _id, Sender.Path.Address, register.Pid);
            Sender.Tell(new RegistrationRefused("not a worker launched by this master"));
            return;
        }

        Sender.Tell(new WorkerRegistered(_id));
        if (_control is not null)
        {
            return;
        }

        _control = Sender;
        Context.Watch(_control);
        Timers.Cancel(StartupTimer);
        _context.Routing.Tell(new Routing.WorkerUp(_id, _generation, _worker!.Channel));
        _log.Info("Worker {0} (pid {1}) registered and receives connections", _id, Pid);
        Report(WorkerState.Running);
        Become(Running);
        StartOwnedBucketsFeed();
    }

    /// <summary>
    /// Stops routing to the worker, seals its channel (it reads what was sent, then end of file) and
    /// asks it to finish in-flight work. <paramref name="drain"/> is null when the worker began it.
    /// </summary>
    private void BeginDrain(Drain? drain)
    {
        var deadline = drain?.Deadline ?? _context.Settings.ShutdownTimeout;
        _drainRequester = drain is null ? null : Sender;
        _context.Routing.Tell(new WorkerDown(_id, _generation, "draining"));
        _worker?.Channel.Seal();
        if (_control is null)
        {
            _worker?.Process.Kill();
        }
        else
        {
            _control.Tell(new DrainWorker(deadline));
            Timers.StartSingleTimer(DrainTimer, DrainTimedOut.Instance, deadline);
        }

        Report(WorkerState.Draining);
        Become(Draining);
    }

    private void Exited(ProcessExited exited)
    {
        _context.Routing.Tell(new WorkerDown(_id, _generation, $"exited with code {exited.ExitCode}"));
        var lastLines = _worker?.Process.LastErrorLines ?? [];
        var detail = lastLines.Count == 0 ? string.Empty : string.Join(" | ", lastLines.TakeLast(5));
        Report(WorkerState.Restarting, exited.ExitCode, detail);
        throw new WorkerExitedException(_id, exited.ExitCode, detail);
    }

    private void Report(WorkerState state, int? exitCode = null, string? detail = null) =>
        _context.Master.Tell(new WorkerLifecycleEvent(_id, _generation, Pid, state, exitCode, detail));

    private sealed record DrainTimedOut
    {
        public static DrainTimedOut Instance { get; } = new();
    }
}
