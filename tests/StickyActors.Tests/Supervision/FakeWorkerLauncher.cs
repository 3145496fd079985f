using StickyActors.Handoff;
using StickyActors.Supervision;
using StickyActors.Tests.Handoff;

namespace StickyActors.Tests.Workers;

/// <summary>Launches nothing: records each launch and hands out fake processes and channels.</summary>
internal sealed class FakeWorkerLauncher : IWorkerLauncher
{
    private readonly List<(WorkerLaunchSpec Spec, FakeWorkerProcess Process, FakeHandoffTarget Channel)> _launches = [];
    private int _nextPid = 1000;

    public bool FailLaunches { get; set; }

    public IReadOnlyList<(WorkerLaunchSpec Spec, FakeWorkerProcess Process, FakeHandoffTarget Channel)> Launches
    {
        get
        {
            lock (_launches)
            {
                return _launches.ToArray();
            }
        }
    }

    public (WorkerLaunchSpec Spec, FakeWorkerProcess Process, FakeHandoffTarget Channel) Last(int workerId) =>
        Launches.Last(l => l.Spec.WorkerId == workerId);

    public int LaunchCount(int workerId) => Launches.Count(l => l.Spec.WorkerId == workerId);

    public LaunchedWorker Launch(WorkerLaunchSpec spec, Action<AcceptedConnection> reroute)
    {
        if (FailLaunches)
        {
            throw new InvalidOperationException("launch failed (test)");
        }

        var process = new FakeWorkerProcess(Interlocked.Increment(ref _nextPid));
        var channel = new FakeHandoffTarget(spec.WorkerId);
        lock (_launches)
        {
            _launches.Add((spec, process, channel));
        }

        return new LaunchedWorker(process, channel);
    }
}

/// <summary>A process that exits when told to.</summary>
internal sealed class FakeWorkerProcess(int pid) : IWorkerProcess
{
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Pid => pid;

    public Task<int> Exited => _exited.Task;

    public IReadOnlyList<string> LastErrorLines { get; set; } = [];

    public bool Killed { get; private set; }

    public bool Terminated { get; private set; }

    public void Exit(int code) => _exited.TrySetResult(code);

    public void Terminate() => Terminated = true;

    public void Kill()
    {
        Killed = true;
        _exited.TrySetResult(137);
    }

    public void Dispose() => Kill();
}
