using Akka.Actor;
using StickyActors.Configuration;
using StickyActors.Logging;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>
/// Crash-looping slots given up (<c>workers.crash-loop</c>), and the master's stop: once no worker is
/// alive and none will come (every slot given up, or the master stopping), connections are answered
/// at once instead of waiting for a worker.
/// </summary>
internal sealed partial class MasterActor
{
    /// <summary>The master's exit code when a crash loop stops it (<c>on-limit = stop-master</c>): EX_UNAVAILABLE.</summary>
    internal const int CrashLoopExitCode = 69;

    private WorkerSlotTotals _workerIgnored = new(0);
    private WorkerSlotTotals _workerSteered = new(0);
    private bool[] _givenUp = [];
    private bool _stopping;

    /// <summary>Given-up slots, and (on the same path from the worker actors) what the workers ignored.</summary>
    private void GivenUpBehaviour()
    {
        _givenUp = new bool[_capacity];
        _workerIgnored = new WorkerSlotTotals(_capacity);
        _workerSteered = new WorkerSlotTotals(_capacity);
        _metrics.ObserveGivenUp(id => Volatile.Read(ref _givenUp[id]));
        _metrics.ObserveSteered(id => _workerSteered.Of(id));
        Receive<WorkerSlotGivenUp>(OnSlotGivenUp);
        Receive<WorkerReportedCounts>(_ => IsOwnWorkerActor(), reported =>
        {
            _workerIgnored.Report(reported.WorkerId, reported.Generation, reported.IgnoredMessages);
            _workerSteered.Report(reported.WorkerId, reported.Generation, reported.SteeredAccepted);
        });
    }

    /// <summary>Whether slot <paramref name="id"/> is given up now.</summary>
    private bool IsGivenUp(int id) => Volatile.Read(ref _givenUp[id]);

    private void OnSlotGivenUp(WorkerSlotGivenUp givenUp)
    {
        var id = givenUp.WorkerId;
        if (id < 0 || id >= _workers || !Sender.Equals(_supervisors[id]))
        {
            // Not the slot's current supervisor (a rolling restart's successor that failed: the
            // rolling restart's own timeout reports it), or not a supervisor at all.
            if (id < 0 || id >= _workers || !IsLocal())
            {
                Ignore(givenUp);
            }

            return;
        }

        Volatile.Write(ref _givenUp[id], true);
        _status[id] = _status[id] with { State = WorkerState.GivenUp, Pid = 0 };
        _workerContext!.Routing.Tell(new Routing.SlotGivenUp(id));
        if (_resources.Settings.Workers.CrashLoopOnLimit == CrashLoopAction.StopMaster)
        {
            ActorLog.CrashLoopStopsMaster(_log, id, givenUp.Exits, givenUp.Since.TotalSeconds, CrashLoopExitCode, givenUp.Reason);
            _resources.StopWithExitCode(CrashLoopExitCode);
            return;
        }

        ActorLog.WorkerGivenUp(_log, id, givenUp.Exits, givenUp.Since.TotalSeconds, givenUp.Reason);
        if (_givenUp.Take(_workers).All(g => g))
        {
            ActorLog.NoSlotLeft(_log, _waiting.AnswersHttp ? "HTTP 503" : "closed");
            UpdateNoWorkerComing();
        }
    }

    /// <summary>A given-up slot whose worker runs again (a rolling restart launched it) counts again.</summary>
    private void OnGivenUpSlotRunning(int id)
    {
        if (IsGivenUp(id))
        {
            Volatile.Write(ref _givenUp[id], false);
            UpdateNoWorkerComing();
        }
    }

    /// <summary>The master stops: nothing waits for a worker any more.</summary>
    private void OnStopping()
    {
        _stopping = true;
        _workerContext?.Routing.Tell(Routing.MasterStopping.Instance);
        UpdateNoWorkerComing();
    }

    private void UpdateNoWorkerComing()
    {
        _waiting.NoWorkerComing = _stopping || _givenUp.Take(_workers).All(g => g);
        if (_waiting.NoWorkerComing)
        {
            _waiting.GiveUpAll();
        }
    }
}
