using Akka.Actor;
using StickyActors.Logging;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>The master under systemd (<c>Type=notify</c>): ready once the workers registered, stopping, watchdog.</summary>
internal sealed partial class MasterProcess
{
    private static readonly TimeSpan s_readyPoll = TimeSpan.FromMilliseconds(50);

    private SystemdNotifier? _systemd;

    private void StartSystemdNotify(SystemdNotifier? notifier)
    {
        if (notifier is null)
        {
            return;
        }

        _systemd = notifier;
        _ = NotifyReadyAsync(notifier);
        if (notifier.WatchdogInterval is { } interval)
        {
            _ = PingWatchdogAsync(notifier, interval);
        }
    }

    /// <summary><c>READY=1</c> once every worker slot has a registered worker (systemd then starts what follows this unit).</summary>
    private async Task NotifyReadyAsync(SystemdNotifier notifier)
    {
        using var timer = new PeriodicTimer(s_readyPoll);
        while (Volatile.Read(ref _stopRequested) == 0 && await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            ClusterStatus status;
            try
            {
                status = await GetStatusAsync().ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                continue;
            }

            if (status.Workers.All(worker => worker.State == WorkerState.Running) && Volatile.Read(ref _stopRequested) == 0)
            {
                var pids = string.Join(' ', status.Workers.Select(worker => worker.Pid));
                var sent = notifier.Notify($"READY=1\nMAINPID={Environment.ProcessId}\nSTATUS=Serving {status.ListenEndPoint}; worker pids {pids}");
                HostLog.SystemdNotified(_log, "READY=1", sent);
                return;
            }
        }
    }

    /// <summary><c>WATCHDOG=1</c> every half interval while the master's actors answer: a hung master is restarted by systemd.</summary>
    private async Task PingWatchdogAsync(SystemdNotifier notifier, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        while (!_stopped.Task.IsCompleted && await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            try
            {
                _ = await GetStatusAsync(interval).ConfigureAwait(false);
                notifier.Notify("WATCHDOG=1");
            }
            catch (AskTimeoutException)
            {
                // No answer, no ping: systemd acts on the missed deadline (WatchdogSec=).
            }
        }
    }

    private void NotifySystemdStopping()
    {
        if (_systemd is { } notifier)
        {
            var sent = notifier.Notify("STOPPING=1");
            HostLog.SystemdNotified(_log, "STOPPING=1", sent);
        }
    }
}
