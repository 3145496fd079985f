using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.Diagnostics;
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
public sealed class StickyActorHost : IAsyncDisposable
{
    private readonly MasterProcess? _master;
    private readonly WorkerProcess? _worker;
    private readonly bool _ownsLoggerFactory;

    private StickyActorHost(StickyActorsSettings settings, ILoggerFactory loggerFactory, bool ownsLoggerFactory, MasterProcess? master, WorkerProcess? worker)
    {
        Settings = settings;
        LoggerFactory = loggerFactory;
        _ownsLoggerFactory = ownsLoggerFactory;
        _master = master;
        _worker = worker;
    }

    /// <summary>Whether this process is the master or a worker.</summary>
    public StickyActorRole Role => _master is null ? StickyActorRole.Worker : StickyActorRole.Master;

    /// <summary>True in the master process.</summary>
    public bool IsMaster => _master is not null;

    /// <summary>True in a worker process.</summary>
    public bool IsWorker => _worker is not null;

    /// <summary>The validated settings this host runs on.</summary>
    public StickyActorsSettings Settings { get; }

    /// <summary>In the master, the bound listening endpoint (with the real port when 0 was asked).</summary>
    public IPEndPoint? ListenEndPoint => _master?.ListenEndPoint;

    /// <summary>In a worker, its id (0 to count − 1); −1 in the master.</summary>
    public int WorkerId => _worker?.WorkerId ?? -1;

    /// <summary>In a worker, the connections the master hands it. Throws in the master.</summary>
    public StickyWorker Worker => _worker?.Connections ?? throw new InvalidOperationException("This process is the StickyActors master; only workers receive connections.");

    /// <summary>The logger factory the host logs to.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// Which part this process will play, read from its environment without starting anything: a
    /// process its master launched is a worker. Lets a program pick its builder before it starts.
    /// </summary>
    public static StickyActorRole CurrentRole => WorkerEnvironment.IsWorkerProcess() ? StickyActorRole.Worker : StickyActorRole.Master;

    /// <summary>In the master, completes with the exit code once the master stopped (asked, or on its own).</summary>
    internal Task<int> Stopped => Master("stop").Stopped;

    /// <summary>
    /// Starts this process as master or worker, whichever it is. The master binds the listener (so an
    /// address in use fails here) and launches the workers; a worker connects to its master.
    /// Bad configuration throws <see cref="StickyActorsConfigurationException"/> naming every bad key.
    /// </summary>
    /// <param name="config">HOCON from <see cref="StickyActorsConfig"/>; null uses the defaults.</param>
    /// <param name="loggerFactory">Where logs go; null logs to the console.</param>
    public static StickyActorHost Start(Config? config = null, ILoggerFactory? loggerFactory = null) =>
        Start(config, loggerFactory, meterFactory: null, handleSignals: true);

    /// <summary>As the public <c>Start</c>; a generic host passes its meter factory and handles the signals itself.</summary>
    internal static StickyActorHost Start(Config? config, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory, bool handleSignals) =>
        Start(StickyActorsSettings.Create(config), loggerFactory, meterFactory, handleSignals);

    /// <summary>Starts on settings already read and validated (a hosted application reads them once).</summary>
    internal static StickyActorHost Start(StickyActorsSettings settings, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory, bool handleSignals)
    {
        UnixSocketPair.EnsureSupported();
        var environment = WorkerEnvironment.FromCurrentProcess();
        var ownsLoggerFactory = loggerFactory is null;
        loggerFactory ??= DefaultLogging.Create(environment is null ? StickyActorRole.Master : StickyActorRole.Worker);
        return environment is null
            ? new StickyActorHost(settings, loggerFactory, ownsLoggerFactory, MasterProcess.Start(settings, loggerFactory, meterFactory, handleSignals), null)
            : new StickyActorHost(settings, loggerFactory, ownsLoggerFactory, null, WorkerProcess.Start(settings, environment, loggerFactory));
    }

    /// <summary>
    /// In the master: runs until SIGTERM or SIGINT (or <see cref="StopAsync"/>), then stops gracefully
    /// and returns the process exit code (0; 69 when a crash loop stopped it, with
    /// <c>workers.crash-loop.on-limit = stop-master</c>). In a worker: returns once the worker was told to stop.
    /// </summary>
    public Task<int> RunAsync() => _master?.Stopped ?? WorkerSide.RunAsync();

    /// <summary>
    /// Stops gracefully. Master: stop accepting, drain every worker (up to the shutdown timeout), stop
    /// the rest. Worker: ask the master to stop routing here; accepted connections stay served.
    /// </summary>
    public Task StopAsync()
    {
        if (_master is not null)
        {
            return _master.StopAsync();
        }

        WorkerSide.Stop();
        return Task.CompletedTask;
    }

    /// <summary>
    /// In the master: replaces every worker, one at a time. Each new process (the executable as it is
    /// on disk now, so this is also how a new build is deployed) registers and takes over its slot's
    /// buckets before the old process drains. Throws if a replacement does not come up; the old
    /// process then keeps serving. SIGHUP to the master does the same.
    /// </summary>
    public Task RollingRestartAsync() => Master("run rolling restarts").RollingRestartAsync();

    /// <summary>
    /// In the master: starts a new master (the executable as it is on disk now, the same arguments,
    /// the configuration as it is now) and hands it the listening socket over a private channel.
    /// Once its workers registered, this master stops accepting (the new one accepts from the same
    /// socket, so no connection is refused), drains its own workers with the usual timeout and
    /// stops: <see cref="RunAsync"/> then returns 0. If the new master exits or is not ready within
    /// <c>workers.startup-timeout</c> + 30 s, it is killed, this throws, and this master keeps
    /// serving. SIGUSR2 to the master does the same.
    /// </summary>
    public Task HandOverAsync() => Master("hand the listening socket over").HandOverAsync();

    /// <summary>
    /// In the master: adds one worker slot (SIGTTIN does the same), up to <c>workers.max-count</c>.
    /// The fewest buckets the balance needs get the new slot as their home; they stay with their
    /// workers until the new worker registered, then come home as buckets at interim workers do
    /// (each client moves at most once). Returns the slot count now; the new worker starts in the
    /// background (the status shows it <c>Starting</c>, then <c>Running</c>). Throws when no slot
    /// can be added (the maximum, a rolling restart in progress, kernel steering, stopping).
    /// </summary>
    public Task<int> AddWorkerAsync() => Master("change the worker count").AddWorkerAsync();

    /// <summary>
    /// In the master: removes the highest worker slot (SIGTTOU does the same), never the last one.
    /// Only its buckets move, spread over the other slots to stay balanced, and its worker drains
    /// within <c>workers.shutdown-timeout</c>. Returns the slot count now. Throws when no slot can be
    /// removed.
    /// </summary>
    public Task<int> RemoveWorkerAsync() => Master("change the worker count").RemoveWorkerAsync();

    /// <summary>In the master, the state of every worker and the data path's counters.</summary>
    public Task<ClusterStatus> GetStatusAsync(TimeSpan? timeout = null) => Master("keep the status").GetStatusAsync(timeout);

    /// <summary>
    /// In the master, where the new connections of <paramref name="client"/> go now: its bucket, the
    /// cluster host owning it and, on this host, the worker (the operator's "where does client X go?").
    /// </summary>
    /// <param name="client">The client address.</param>
    /// <param name="timeout">How long to wait for the master's actors; null waits 5 s.</param>
    public Task<ClientRoute> GetClientRouteAsync(System.Net.IPAddress client, TimeSpan? timeout = null) => Master("route clients").GetClientRouteAsync(client, timeout);

    /// <summary>
    /// In the master, the status as one line of JSON, worker states as names
    /// (<c>{"MasterPid":…,"Workers":[{"Id":0,"Pid":…,"State":"Running",…}],…}</c>).
    /// </summary>
    /// <param name="timeout">How long to wait for the master's actors; null waits 5 s.</param>
    public Task<string> GetStatusJsonAsync(TimeSpan? timeout = null) => Master("keep the status").GetStatusJsonAsync(timeout);

    /// <summary>
    /// Asks the running master with process id <paramref name="masterPid"/> for its status (the JSON
    /// of <see cref="GetStatusJsonAsync"/>), over its private status socket. Only a process of the
    /// master's own user is answered, and the answer is accepted only from that master's process.
    /// </summary>
    /// <param name="masterPid">The master's process id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static Task<string> QueryStatusJsonAsync(int masterPid, CancellationToken cancellationToken = default) =>
        StatusCommand.QueryJsonAsync(masterPid, cancellationToken);

    /// <summary>
    /// The <c>status</c> command of an application: when <paramref name="args"/> start with
    /// <c>status</c> (optionally followed by the master's pid, needed when several masters of this
    /// user run), prints the running master's status as one line of JSON and returns the exit code
    /// (0, or 1 when no master answers); otherwise returns null and the application starts as usual.
    /// </summary>
    /// <param name="args">The application's command line.</param>
    /// <param name="output">Where the status goes; null writes to standard output (errors to standard error).</param>
    public static Task<int?> TryRunStatusCommandAsync(string[] args, TextWriter? output = null) =>
        StatusCommand.TryRunAsync(args, output);

    /// <summary>Stops (gracefully in the master) and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_master is not null)
        {
            await _master.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await WorkerSide.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsLoggerFactory)
        {
            LoggerFactory.Dispose();
        }
    }

    /// <summary>The worker side of a host that is not the master (one of the two is always set).</summary>
    private WorkerProcess WorkerSide => _worker ?? throw new UnreachableException("A host is either a master or a worker.");

    private MasterProcess Master(string what) =>
        _master ?? throw new InvalidOperationException($"Only the StickyActors master can {what}; this process is worker {WorkerId}.");
}
