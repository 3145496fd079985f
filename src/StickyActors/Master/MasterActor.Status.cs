using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>What the master knows of its workers: lifecycle events in, status out.</summary>
internal sealed partial class MasterActor
{
    private void OnLifecycle(WorkerLifecycleEvent e)
    {
        if (e.WorkerId < 0 || e.WorkerId >= _capacity)
        {
            Ignore(e);
            return;
        }

        if (e.State is WorkerState.Restarting or WorkerState.Stopped)
        {
            _workerActors.Remove((e.WorkerId, e.Generation));
        }
        else
        {
            _workerActors[(e.WorkerId, e.Generation)] = Sender;
        }

        OnRollingLifecycle(e, Sender);
        if (!Sender.Path.Parent.Equals(_supervisors[e.WorkerId].Path))
        {
            return;
        }

        if (e.State == WorkerState.Running)
        {
            OnGivenUpSlotRunning(e.WorkerId);
        }
        else if (IsGivenUp(e.WorkerId))
        {
            return;
        }

        var previous = _status[e.WorkerId];
        _status[e.WorkerId] = previous with
        {
            Pid = e.Pid,
            State = e.State,
            Restarts = Math.Max(0, e.Generation - 1),
            LastExitCode = e.ExitCode ?? previous.LastExitCode,
            LastError = e.ExitCode is null ? previous.LastError : e.Detail,
        };
    }

    private ClientRoute RouteOf(Handoff.ClientAddress client)
    {
        var snapshot = _routingTable.Current;
        var bucket = snapshot.BucketOfKey(_keys.ForClient(client));
        var host = _resources.Hosts?.Current.OwnerOf(bucket);
        var thisHost = host is null || host.IsSelf;
        var worker = thisHost ? snapshot.OwnerOf(bucket) : -1;
        var address = client.ToEndPoint()?.Address.ToString() ?? string.Empty;
        return worker >= 0
            ? new ClientRoute(address, bucket, host?.Id ?? string.Empty, thisHost, worker, _status[worker].Pid)
            : new ClientRoute(address, bucket, host?.Id ?? string.Empty, thisHost, null, null);
    }

    private ClusterStatus BuildStatus()
    {
        var ownership = _routingTable.Current.Ownership();
        var workers = _status.Take(_workers).Select(s => s with
        {
            BucketsOwned = ownership.Owned(s.Id),
            BucketsHeldForOthers = ownership.HeldForOthers(s.Id),
            BucketsAwayFromHome = ownership.AwayFromHome(s.Id),
            ConnectionsHandedOff = _counters.HandedOff(s.Id),
            IgnoredControlMessages = _workerIgnored.Of(s.Id),
            ConnectionsSteered = _workerSteered.Of(s.Id),
        }).ToArray();
        return new ClusterStatus(
            Environment.ProcessId,
            _listenEndPoint,
            workers,
            _counters.Accepted,
            _counters.Rerouted,
            _counters.Overflow,
            _dispatcher.Waiting,
            _counters.ExpiredNoWorker,
            _counters.AcceptErrors,
            _preambleCounters.Snapshot(),
            GC.GetTotalAllocatedBytes(),
            _ignoredControlMessages)
        {
            AffinityCookiesRouted = _keys.Cookies.Routed,
            AffinityCookiesRejected = _keys.Cookies.Rejected,
            IgnoredControlMessagesAtWorkers = _workerIgnored.Total,
            Steered = _workerSteered.Total,
        };
    }
}
