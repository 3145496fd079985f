using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Akka.Actor;
using StickyActors.Logging;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>
/// Master handover (SIGUSR2, like nginx's binary upgrade): a new master from the executable as it
/// is on disk now takes the same listening socket; the old one drains only once the new one serves.
/// </summary>
internal sealed partial class MasterProcess
{
    private const int SIGUSR2 = 12;

    private Socket? _listener;
    private Listening.Steering.SlotGroup? _slotGroup;
    private int _handoverRunning;
    private volatile bool _listenerHandedOver;

    /// <summary>
    /// In the master: starts a new master (the executable as it is on disk now, the same arguments,
    /// the configuration as it is now) and hands it the listening socket over a private channel.
    /// Once its workers registered, this master stops accepting (the new one accepts from the same
    /// socket, so no connection is refused), drains its own workers with the usual timeout and
    /// stops: <see cref="Stopped"/> then completes with 0. If the new master exits or is not ready within
    /// <c>workers.startup-timeout</c> + 30 s, it is killed, this throws, and this master keeps
    /// serving. SIGUSR2 to the master does the same.
    /// </summary>
    public async Task HandOverAsync()
    {
        if (_listener is null)
        {
            throw new InvalidOperationException("The listening socket is handed over by the master.");
        }

        if (_cluster is not null)
        {
            throw new InvalidOperationException("A master handover is not available in a cluster: the new master would need the cluster and forward ports this one holds. Restart the hosts one at a time instead (SIGTERM: this host leaves and the others serve its clients, each moving once).");
        }

        if (Interlocked.Exchange(ref _handoverRunning, 1) == 1)
        {
            throw new InvalidOperationException("A master handover is already running.");
        }

        var log = _log;
        try
        {
            var environment = new Dictionary<string, string>();
            if (_systemd is { } notifier)
            {
                // The new master tells systemd READY=1 and MAINPID= itself (NotifyAccess=all).
                notifier.WriteTo(environment);
            }

            HostLog.HandoverStarting(log, Environment.ProcessId);
            var (ready, pid, detail) = await MasterHandover.RunAsync(_slotGroup?.Snapshot() ?? [_listener], _slotGroup is not null, environment, Settings.Workers.StartupTimeout + TimeSpan.FromSeconds(30), started => _successorPid = started).ConfigureAwait(false);
            if (!ready)
            {
                _successorPid = 0;
                RewritePidFile();
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Master handover failed, master {Environment.ProcessId} keeps serving: {detail} (pid {pid})."));
            }

            HostLog.HandoverReady(log, pid, Environment.ProcessId);
            _listenerHandedOver = true;
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _handoverRunning, 0);
        }
    }

    private void HandleHandoverSignal() =>
        _signals.Add(PosixSignalRegistration.Create((PosixSignal)SIGUSR2, context =>
        {
            context.Cancel = true;
            HostLog.SignalReceived(_log, "SIGUSR2 (master handover)");
            _ = HandOverSafelyAsync();
        }));

    private async Task HandOverSafelyAsync()
    {
        try
        {
            await HandOverAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            HostLog.RollingRestartFailed(_log, e.Message);
        }
    }

    /// <summary>
    /// The new master's side: once every worker registered, start accepting and tell the old master
    /// (which then stops accepting and drains);
    /// if they do not register in time, stop and exit 1, leaving the port to the old master.
    /// </summary>
    private async Task ConfirmHandoverAsync(HandoverEnvironment handover)
    {
        using var channel = new Socket(new SafeSocketHandle(handover.ChannelFd, ownsHandle: true));
        _takingOverFrom = handover.PreviousMasterPid;
        var log = _log;
        using var deadline = new CancellationTokenSource(Settings.Workers.StartupTimeout + TimeSpan.FromSeconds(10));
        try
        {
            await WaitForAllRegisteredAsync(deadline.Token).ConfigureAwait(false);
            _ = await _master.Ask<AcceptingStarted>(StartAccepting.Instance, TimeSpan.FromSeconds(10), deadline.Token).ConfigureAwait(false);

            // This master accepts now: the pid file names it before the old one, told below, can stop (and look at the file).
            _takingOverFrom = 0;
            WritePidFile();
            await channel.SendAsync(MasterHandover.ReadyWord.ToArray(), SocketFlags.None).ConfigureAwait(false);
            HostLog.HandoverTakenOver(log, Environment.ProcessId, handover.PreviousMasterPid);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or AskTimeoutException)
        {
            HostLog.HandoverAbandoned(log, Environment.ProcessId, handover.PreviousMasterPid, e.Message);
            _listenerHandedOver = true;
            await StopAsync().ConfigureAwait(false);
            Environment.Exit(1);
        }
    }

    private async Task WaitForAllRegisteredAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(s_readyPoll);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var status = await GetStatusAsync().ConfigureAwait(false);
                if (status.Workers.All(worker => worker.State == WorkerState.Running))
                {
                    return;
                }
            }
            catch (AskTimeoutException)
            {
                // The master is busy starting: ask again.
            }
        }
    }
}
