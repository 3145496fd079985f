using System.Diagnostics.Metrics;
using System.Net;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Logging;
using StickyActors.Master;
using StickyActors.Supervision;
using StickyActors.Worker;

namespace StickyActors;

/// <summary>
/// The entry point, like Node's <c>sticky.listen</c>: the same program runs as the master (which
/// owns the listener and launches the workers by re-running this executable) or as a worker.
/// </summary>
/// <example>
/// <code>
/// await using var host = StickyActorHost.Start(StickyActorsConfig.FromFile("app.conf"));
/// if (host.IsMaster) return await host.RunAsync();
/// // worker: serve host.Worker through Kestrel (UseStickyActors) or AcceptAsync
/// </code>
/// </example>
public sealed partial class StickyActorHost : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly bool _ownsLoggerFactory;
    private readonly ActorSystem? _masterSystem;
    private readonly IActorRef? _master;
    private readonly WorkerRuntime? _worker;
    private readonly StickyWorker? _stickyWorker;
    private readonly TaskCompletionSource<int> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PosixSignalRegistration> _signals = [];
    private int _stopRequested;

    private StickyActorHost(StickyActorsSettings settings, ILoggerFactory loggerFactory, bool ownsLoggerFactory, IPEndPoint listenEndPoint, ActorSystem system, IActorRef master)
    {
        Settings = settings;
        Role = StickyActorRole.Master;
        _loggerFactory = loggerFactory;
        _ownsLoggerFactory = ownsLoggerFactory;
        ListenEndPoint = listenEndPoint;
        _masterSystem = system;
        _master = master;
    }

    private StickyActorHost(StickyActorsSettings settings, ILoggerFactory loggerFactory, bool ownsLoggerFactory, WorkerRuntime worker)
    {
        Settings = settings;
        Role = StickyActorRole.Worker;
        _loggerFactory = loggerFactory;
        _ownsLoggerFactory = ownsLoggerFactory;
        _worker = worker;
        _stickyWorker = new StickyWorker(worker);
    }

    /// <summary>Whether this process is the master or a worker.</summary>
    public StickyActorRole Role { get; }

    /// <summary>True in the master process.</summary>
    public bool IsMaster => Role == StickyActorRole.Master;

    /// <summary>True in a worker process.</summary>
    public bool IsWorker => Role == StickyActorRole.Worker;

    /// <summary>The validated settings this host runs on.</summary>
    public StickyActorsSettings Settings { get; }

    /// <summary>In the master, the bound listening endpoint (with the real port when 0 was asked).</summary>
    public IPEndPoint? ListenEndPoint { get; }

    /// <summary>In a worker, its id (0 to count − 1); −1 in the master.</summary>
    public int WorkerId => _worker?.WorkerId ?? -1;

    /// <summary>In a worker, the connections the master hands it. Throws in the master.</summary>
    public StickyWorker Worker => _stickyWorker ?? throw new InvalidOperationException("This process is the StickyActors master; only workers receive connections.");

    /// <summary>The logger factory the host logs to.</summary>
    public ILoggerFactory LoggerFactory => _loggerFactory;

    /// <summary>
    /// Starts this process as master or worker, whichever it is. The master binds the listener (so an
    /// address in use fails here) and launches the workers; a worker connects to its master.
    /// Bad configuration throws <see cref="StickyActorsConfigurationException"/> naming every bad key.
    /// </summary>
    /// <param name="config">HOCON from <see cref="StickyActorsConfig"/>; null uses the defaults.</param>
    /// <param name="loggerFactory">Where logs go; null logs to the console.</param>
    public static StickyActorHost Start(Config? config = null, ILoggerFactory? loggerFactory = null) =>
        Start(config, loggerFactory, meterFactory: null, handleSignals: true);

    /// <summary>
    /// Which part this process will play, read from its environment without starting anything: a
    /// process its master launched is a worker. Lets a program pick its builder before it starts.
    /// </summary>
    public static StickyActorRole CurrentRole => WorkerEnvironment.IsWorkerProcess() ? StickyActorRole.Worker : StickyActorRole.Master;

    /// <summary>As the public <c>Start</c>; a generic host passes its meter factory and handles the signals itself.</summary>
    internal static StickyActorHost Start(Config? config, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory, bool handleSignals) =>
        Start(StickyActorsSettings.Create(config), loggerFactory, meterFactory, handleSignals);

    /// <summary>Starts on settings already read and validated (a hosted application reads them once).</summary>
    internal static StickyActorHost Start(StickyActorsSettings settings, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory, bool handleSignals)
    {
        UnixSocketPair.EnsureSupported();
        var environment = WorkerEnvironment.FromCurrentProcess();
        var credentials = environment is null ? null : ClaimWorkerChannel(environment);
        var role = environment is null ? StickyActorRole.Master : StickyActorRole.Worker;
        var ownsLoggerFactory = loggerFactory is null;
        loggerFactory ??= DefaultLogging.Create(role);
        return environment is null
            ? StartMaster(settings, loggerFactory, ownsLoggerFactory, meterFactory, handleSignals)
            : StartWorker(settings, environment, credentials!, loggerFactory, ownsLoggerFactory);
    }

    /// <summary>
    /// In the master: runs until SIGTERM or SIGINT (or <see cref="StopAsync"/>), then stops gracefully
    /// and returns the process exit code (0; 69 when a crash loop stopped it, with
    /// <c>workers.crash-loop.on-limit = stop-master</c>). In a worker: returns once the worker was told to stop.
    /// </summary>
    public async Task<int> RunAsync()
    {
        if (IsWorker)
        {
            var stopping = new TaskCompletionSource();
            await using var registration = _worker!.Stopping.Register(() => stopping.TrySetResult()).ConfigureAwait(false);
            await stopping.Task.ConfigureAwait(false);
            return 0;
        }

        return await _stopped.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Stops gracefully. Master: stop accepting, drain every worker (up to the shutdown timeout), stop
    /// the rest. Worker: ask the master to stop routing here; accepted connections stay served.
    /// </summary>
    public async Task StopAsync()
    {
        if (IsWorker)
        {
            _stickyWorker!.BeginStop();
            return;
        }

        await StopMasterAsync(0).ConfigureAwait(false);
    }

    /// <summary>In the master, completes with the exit code once the master stopped (asked, or on its own).</summary>
    internal Task<int> Stopped => _stopped.Task;

    /// <summary>Stops the master gracefully; <see cref="RunAsync"/> then returns <paramref name="exitCode"/>.</summary>
    private async Task StopMasterAsync(int exitCode)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 1)
        {
            await _stopped.Task.ConfigureAwait(false);
            return;
        }

        if (!_listenerHandedOver)
        {
            NotifySystemdStopping();
        }

        var timeout = Settings.Workers.ShutdownTimeout;
        try
        {
            var drained = await _master!.Ask<AllDrained>(new DrainAll(timeout) { KeepListener = _listenerHandedOver }, StopDeadlines.AllDrainedAnswer(timeout)).ConfigureAwait(false);
            HostLog.Drained(_loggerFactory.CreateLogger("StickyActors.Master"), drained.Drained, drained.Total);
        }
        catch (AskTimeoutException)
        {
            HostLog.DrainTimedOut(_loggerFactory.CreateLogger("StickyActors.Master"), timeout.TotalSeconds);
        }

        await _masterSystem!.Terminate().ConfigureAwait(false);
        _systemd?.Dispose();
        RemovePidFile();
        _stopped.TrySetResult(exitCode);
    }

    /// <summary>
    /// In the master: replaces every worker, one at a time. Each new process (the executable as it is
    /// on disk now, so this is also how a new build is deployed) registers and takes over its slot's
    /// buckets before the old process drains. Throws if a replacement does not come up; the old
    /// process then keeps serving. SIGHUP to the master does the same.
    /// </summary>
    public async Task RollingRestartAsync()
    {
        if (!IsMaster)
        {
            throw new InvalidOperationException("Rolling restarts are run by the master.");
        }

        var timeout = (Settings.Workers.StartupTimeout + Settings.Workers.ShutdownTimeout) * Settings.Workers.MaxCount;
        var done = await _master!.Ask<RollingRestartDone>(RollingRestart.Instance, timeout).ConfigureAwait(false);
        if (!done.Succeeded)
        {
            throw new InvalidOperationException("Rolling restart failed: " + done.Detail);
        }
    }

    /// <summary>In the master, the state of every worker and the data path's counters.</summary>
    public Task<ClusterStatus> GetStatusAsync(TimeSpan? timeout = null) =>
        IsMaster
            ? StatusWithMastersAsync(timeout ?? TimeSpan.FromSeconds(5))
            : throw new InvalidOperationException("Status is kept by the master.");

    /// <summary>Stops (gracefully in the master) and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        _statusEndpoint?.Dispose();

        if (IsMaster)
        {
            await StopAsync().ConfigureAwait(false);
        }
        else
        {
            await _worker!.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsLoggerFactory)
        {
            _loggerFactory.Dispose();
        }
    }
}
