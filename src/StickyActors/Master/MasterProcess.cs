using System.Net;
using System.Runtime.InteropServices;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.Diagnostics;
using StickyActors.Logging;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>
/// The master process behind <see cref="StickyActorHost"/>: its actor system and master actor, the
/// listening socket, the operator's signals (TERM/INT stop, HUP rolling restart, USR1 status, USR2
/// handover) and the graceful stop.
/// </summary>
internal sealed partial class MasterProcess : IAsyncDisposable
{
    /// <summary>The master's exit code when its actor stopped unasked (EX_SOFTWARE).</summary>
    private const int MasterActorLostExitCode = 70;

    private readonly ActorSystem _system;
    private readonly IActorRef _master;
    private readonly ILogger _log;
    private readonly TaskCompletionSource<int> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PosixSignalRegistration> _signals = [];
    private int _stopRequested;
    private MasterStopping _stopping = new();

    private MasterProcess(StickyActorsSettings settings, ILoggerFactory loggerFactory, IPEndPoint listenEndPoint, ActorSystem system, IActorRef master)
    {
        Settings = settings;
        ListenEndPoint = listenEndPoint;
        _system = system;
        _master = master;
        _log = loggerFactory.CreateLogger("StickyActors.Master");
    }

    public StickyActorsSettings Settings { get; }

    /// <summary>The bound listening endpoint (with the real port when 0 was asked).</summary>
    public IPEndPoint ListenEndPoint { get; }

    /// <summary>Completes with the exit code once the master stopped (asked, or on its own).</summary>
    public Task<int> Stopped => _stopped.Task;

    /// <summary>Stops gracefully: stop accepting, drain every worker (up to the shutdown timeout), stop the rest.</summary>
    public Task StopAsync() => StopAsync(0);

    /// <summary>Replaces every worker, one at a time; throws if a replacement does not come up.</summary>
    public async Task RollingRestartAsync()
    {
        var timeout = (Settings.Workers.StartupTimeout + Settings.Workers.ShutdownTimeout) * Settings.Workers.MaxCount;
        var done = await _master.Ask<RollingRestartDone>(RollingRestart.Instance, timeout).ConfigureAwait(false);
        if (!done.Succeeded)
        {
            throw new InvalidOperationException("Rolling restart failed: " + done.Detail);
        }
    }

    /// <summary>The state of every worker and the data path's counters.</summary>
    public Task<ClusterStatus> GetStatusAsync(TimeSpan? timeout = null) =>
        StatusWithMastersAsync(timeout ?? TimeSpan.FromSeconds(5));

    /// <summary>Where the connections of <paramref name="client"/> go now.</summary>
    public Task<ClientRoute> GetClientRouteAsync(IPAddress client, TimeSpan? timeout = null) =>
        _master.Ask<ClientRoute>(new GetClientRoute(Handoff.ClientAddress.FromEndPoint(new IPEndPoint(client, 0))), timeout ?? TimeSpan.FromSeconds(5));

    /// <summary>The status as one line of JSON.</summary>
    public async Task<string> GetStatusJsonAsync(TimeSpan? timeout = null) =>
        StatusJson.Serialize(await GetStatusAsync(timeout).ConfigureAwait(false));

    public async ValueTask DisposeAsync()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        _statusEndpoint?.Dispose();
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the master gracefully; <see cref="Stopped"/> then completes with <paramref name="exitCode"/>.</summary>
    private async Task StopAsync(int exitCode)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 1)
        {
            await _stopped.Task.ConfigureAwait(false);
            return;
        }

        // Before anything slow (leaving the cluster): workers that exit from now on stay down.
        _stopping.Set();
        if (!_listenerHandedOver)
        {
            NotifySystemdStopping();
        }

        await LeaveClusterAsync().ConfigureAwait(false);
        var timeout = Settings.Workers.ShutdownTimeout;
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            var drained = await _master.Ask<AllDrained>(new DrainAll(timeout) { KeepListener = _listenerHandedOver }, StopDeadlines.AllDrainedAnswer(timeout)).ConfigureAwait(false);
            HostLog.Drained(_log, drained.Drained, drained.Total);
        }
        catch (AskTimeoutException)
        {
            HostLog.DrainTimedOut(_log, timeout.TotalSeconds);
        }

        await StopForwardingAsync(deadline).ConfigureAwait(false);
        await _system.Terminate().ConfigureAwait(false);
        _systemd?.Dispose();
        RemovePidFile();
        _stopped.TrySetResult(exitCode);
    }

    /// <summary>The master actor stopped without a stop being asked: nothing serves any more, so exit non-zero.</summary>
    private void MasterLost()
    {
        if (Volatile.Read(ref _stopRequested) == 1)
        {
            return;
        }

        ControlPlane.ControlPlaneLog.MasterActorLost(_log, MasterActorLostExitCode);
        Environment.Exit(MasterActorLostExitCode);
    }

    private async Task RollingRestartSafelyAsync()
    {
        try
        {
            await RollingRestartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or AskTimeoutException)
        {
            HostLog.RollingRestartFailed(_log, e.Message);
        }
    }

    private void HandleStopSignal(PosixSignal signal) =>
        _signals.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            HostLog.SignalReceived(_log, signal + " (stopping gracefully)");
            _ = StopAsync();
        }));

    private void HandleRollingRestartSignal() =>
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            HostLog.SignalReceived(_log, "SIGHUP (rolling restart)");
            _ = RollingRestartSafelyAsync();
        }));
}
