using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using StickyActors.ControlPlane;
using StickyActors.Logging;
using StickyActors.Routing;

namespace StickyActors.Supervision;

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
    private const string PingTimer = "ping";

    /// <summary>Pings per <c>unresponsive-after</c>: a worker is down after this many unanswered in a row.</summary>
    private const int PingsPerUnresponsive = 3;

    private readonly int _id;
    private readonly WorkerContext _context;
    private readonly ILogger _log = ActorLogging.Logger(Context, ActorLogging.MasterCategory);
    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
    private LaunchedWorker? _worker;
    private IActorRef? _control;
    private IActorRef? _drainRequester;
    private int _generation;
    private int _unansweredPings;
    private Pong _lastPong = Pong.Instance;

    public WorkerActor(int id, WorkerContext context)
    {
        _id = id;
        _context = context;
        Starting();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How long a running worker may leave every ping unanswered before it is declared down.</summary>
    private TimeSpan UnresponsiveAfter => _context.UnresponsiveAfter;

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
        ActorLog.WorkerLaunched(_log, _id, Pid, _generation);
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
            ActorLog.WorkerStartupTimedOut(_log, _id, Pid, _context.Settings.StartupTimeout);
            _worker?.Process.Kill();
        });
        Receive<ChannelBroken>(_ => _worker?.Process.Kill());
        Receive<Drain>(drain => BeginDrain(drain));
        Receive<WorkerSessions>(_ => Ignore("WorkerSessions"));
        Receive<WorkerDraining>(_ => Ignore("WorkerDraining"));
        Receive<Pong>(_ => Ignore("Pong"));
        BackplaneBehaviour(joined: false);
    }

    private void Running()
    {
        Receive<RegisterWorker>(OnRegister);
        Receive<ProcessExited>(Exited);
        Receive<ChannelBroken>(_ =>
        {
            ActorLog.WorkerChannelBroke(_log, _id, Pid);
            _context.Routing.Tell(new WorkerDown(_id, _generation, "handle channel broke"));
            _worker?.Process.Kill();
        });
        Receive<Drain>(drain => BeginDrain(drain));
        Receive<WorkerDraining>(_ => Sender.Equals(_control), _ =>
        {
            ActorLog.WorkerStoppingOnItsOwn(_log, _id, Pid);
            BeginDrain(null);
        });
        Receive<WorkerSessions>(
            sessions => Sender.Equals(_control) && sessions.WorkerId == _id,
            sessions => _context.Routing.Tell(new BucketSessionsReported(_id, _generation, sessions.OpenBuckets)));
        Receive<WorkerSessions>(_ => Ignore("WorkerSessions"));
        Receive<WorkerDraining>(_ => Ignore("WorkerDraining"));
        Receive<OwnedBucketsChanged>(changed => SendOwnedBuckets(changed.Table));
        Receive<PingTick>(_ => OnPingTick());
        Receive<Pong>(_ => Sender.Equals(_control), OnPong);
        Receive<Pong>(_ => Ignore("Pong"));
        BackplaneBehaviour(joined: true);
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

            ActorLog.WorkerDrainedAndExited(_log, _id, Pid, exited.ExitCode);
            Report(WorkerState.Stopped, exited.ExitCode);
            _drainRequester.Tell(new WorkerDrained(_id, exited.ExitCode));
            Context.Stop(Self);
        });
        Receive<DrainTimedOut>(_ =>
        {
            ActorLog.WorkerDrainTimedOut(_log, _id, Pid);
            _worker?.Process.Kill();
        });
        Receive<Drain>(_ => _drainRequester = Sender);
        Receive<RegisterWorker>(_ => Sender.Tell(new RegistrationRefused("worker is draining")));
        Receive<WorkerDraining>(_ => { });
        Receive<ChannelBroken>(_ => { });
        Receive<WorkerSessions>(_ => { });
        Receive<OwnedBucketsChanged>(_ => { });
        Receive<Pong>(_ => { });
        Receive<PingTick>(_ => { });
        BackplaneBehaviour(joined: _control is not null);
    }

    private void OnRegister(RegisterWorker register)
    {
        if (register.WorkerId != _id || register.Generation != _generation || register.Pid != Pid
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(register.Secret), Encoding.UTF8.GetBytes(_secret)))
        {
            ActorLog.RegistrationNotOurProcess(_log, _id, Sender.Path.Address, register.Pid);
            _context.Master.Tell(IgnoredControlMessage.Instance);
            Sender.Tell(new RegistrationRefused("not a worker launched by this master"));
            return;
        }

        Sender.Tell(new WorkerRegistered(_id));
        if (_control is not null)
        {
            return;
        }

        // No remote death watch (untrusted mode refuses it): the process exit and the handle channel
        // tell this actor when the worker is gone, and pings when it hangs.
        _control = Sender;
        Timers.Cancel(StartupTimer);
        _context.Routing.Tell(new Routing.WorkerUp(_id, _generation, _worker!.Channel));
        ActorLog.WorkerRegistered(_log, _id, Pid);
        Report(WorkerState.Running);
        StartPinging();
        Become(Running);
        StartOwnedBucketsFeed();
        JoinBackplane();
    }

    /// <summary>
    /// Liveness over the control plane (remote death watch is refused in untrusted mode): one timer
    /// at a third of <c>unresponsive-after</c>, one small message each way per tick.
    /// </summary>
    private void StartPinging()
    {
        _unansweredPings = 0;
        Timers.StartPeriodicTimer(PingTimer, PingTick.Instance, UnresponsiveAfter / PingsPerUnresponsive);
    }

    private void OnPingTick()
    {
        if (_unansweredPings >= PingsPerUnresponsive)
        {
            // No answer to any ping sent over the last unresponsive-after: stopped, deadlocked or
            // its control plane wedged. Stop routing to it now; its exit restarts the slot.
            Timers.Cancel(PingTimer);
            ActorLog.WorkerControlPlaneLost(_log, _id, Pid, UnresponsiveAfter);
            _context.Routing.Tell(new WorkerDown(_id, _generation, "unresponsive on the control plane"));
            _worker?.Process.Kill();
            return;
        }

        _unansweredPings++;
        _control!.Tell(Ping.Instance, Self);
    }

    private void OnPong(Pong pong)
    {
        _unansweredPings = 0;
        if (pong != _lastPong && pong.IgnoredMessages >= 0 && pong.SteeredAccepted >= 0)
        {
            _lastPong = pong;
            _context.Master.Tell(new WorkerReportedCounts(_id, _generation, pong.IgnoredMessages, pong.SteeredAccepted));
        }
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

        Timers.Cancel(PingTimer);
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

    /// <summary>A control-plane message from someone other than this worker: dropped and counted.</summary>
    private void Ignore(string what)
    {
        ActorLog.ControlMessageIgnored(_log, _id, what, Sender.Path);
        _context.Master.Tell(IgnoredControlMessage.Instance);
    }

    private void Report(WorkerState state, int? exitCode = null, string? detail = null) =>
        _context.Master.Tell(new WorkerLifecycleEvent(_id, _generation, Pid, state, exitCode, detail));

    private sealed record DrainTimedOut
    {
        public static DrainTimedOut Instance { get; } = new();
    }

    private sealed record PingTick
    {
        public static PingTick Instance { get; } = new();
    }
}
