using Akka.Actor;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>The master as a cluster member: join once the workers run, leave before draining, stop when removed.</summary>
internal sealed partial class MasterProcess
{
    /// <summary>The exit code of a master whose host was downed or removed from the cluster (EX_TEMPFAIL: restart it to rejoin).</summary>
    private const int RemovedFromClusterExitCode = 75;
    private static readonly TimeSpan s_leaveTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_forwardedPoll = TimeSpan.FromMilliseconds(100);

    private ClusterHosting? _cluster;

    private void StartCluster(ClusterHosting cluster)
    {
        _cluster = cluster;
        cluster.StartMembership(() => _ = StopAsync(RemovedFromClusterExitCode));
        _ = JoinClusterWhenReadyAsync(cluster);
    }

    /// <summary>
    /// Joins once every worker runs, so the clients other hosts forward here find one (after
    /// <c>workers.startup-timeout</c> it joins anyway), and starts accepting once this host is Up
    /// (or another startup timeout passed: then it accepts and serves alone, logged).
    /// </summary>
    private async Task JoinClusterWhenReadyAsync(ClusterHosting cluster)
    {
        var deadline = DateTime.UtcNow + Settings.Workers.StartupTimeout;
        using var timer = new PeriodicTimer(s_readyPoll);
        while (Volatile.Read(ref _stopRequested) == 0 && DateTime.UtcNow < deadline && await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            try
            {
                var status = await _master.Ask<ClusterStatus>(GetStatus.Instance, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                if (status.Workers.All(worker => worker.State is WorkerState.Running or WorkerState.GivenUp))
                {
                    break;
                }
            }
            catch (AskTimeoutException)
            {
                // The master is busy starting: ask again.
            }
        }

        if (Volatile.Read(ref _stopRequested) != 0)
        {
            return;
        }

        // Accepting waits for the join: before it, this host does not know who owns what and would
        // serve every client itself. The listener's backlog holds what arrives meanwhile.
        ClusterHostingLog.Joining(_log, cluster.SelfAddress);
        try
        {
            await cluster.JoinAsync().WaitAsync(Settings.Workers.StartupTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ClusterHostingLog.JoinTimedOut(_log, Settings.Workers.StartupTimeout.TotalSeconds);
        }

        while (Volatile.Read(ref _stopRequested) == 0)
        {
            try
            {
                _ = await _master.Ask<AcceptingStarted>(StartAccepting.Instance, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                return;
            }
            catch (AskTimeoutException)
            {
                // The master actor is busy: ask again (accepting twice is harmless).
            }
        }
    }

    /// <summary>Leaves the cluster first when stopping: the other hosts take this one's buckets at once.</summary>
    private async Task LeaveClusterAsync()
    {
        if (_cluster is not { } cluster)
        {
            return;
        }

        try
        {
            await cluster.LeaveAsync().WaitAsync(s_leaveTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ClusterHostingLog.LeaveTimedOut(_log, s_leaveTimeout.TotalSeconds);
        }
    }

    /// <summary>
    /// After the drain: connections this host forwards to other hosts belong to clients of owners
    /// that still serve them, so they go on until they end or <paramref name="deadline"/> (the
    /// workers' shutdown timeout from the start of the drain); then the relay threads stop and
    /// close what is left.
    /// </summary>
    private async Task StopForwardingAsync(DateTime deadline)
    {
        if (_cluster is { } cluster)
        {
            if (cluster.OpenForwarded is > 0 and var open && DateTime.UtcNow < deadline)
            {
                ClusterHostingLog.WaitingForForwarded(_log, Math.Round((deadline - DateTime.UtcNow).TotalSeconds, 1), open);
                using var poll = new PeriodicTimer(s_forwardedPoll);
                while (cluster.OpenForwarded > 0 && DateTime.UtcNow < deadline && await poll.WaitForNextTickAsync().ConfigureAwait(false))
                {
                }
            }

            if (cluster.OpenForwarded is > 0 and var cut)
            {
                ClusterHostingLog.ForwardedCut(_log, cut);
            }

            try
            {
                await cluster.DisposeAsync().AsTask().WaitAsync(s_leaveTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                ClusterHostingLog.LeaveTimedOut(_log, s_leaveTimeout.TotalSeconds);
            }
        }
    }

    private async Task<ClusterStatus> WithClusterAsync(ClusterStatus status, TimeSpan timeout)
    {
        if (_cluster is not { } cluster)
        {
            return status;
        }

        try
        {
            return await cluster.AddToAsync(status, timeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return status; // Left the cluster (stopping): the members are no longer known here.
        }
    }
}
