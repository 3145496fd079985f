using StickyActors.Handoff;

namespace StickyActors.Supervision;

/// <summary>Starts worker processes. The real one forks this executable; tests use fakes.</summary>
internal interface IWorkerLauncher
{
    /// <summary>
    /// Starts one worker. <paramref name="reroute"/> receives connections the new channel could
    /// not deliver (the worker died with them queued).
    /// </summary>
    LaunchedWorker Launch(WorkerLaunchSpec spec, Action<AcceptedConnection> reroute);
}

/// <summary>What a worker needs to find and prove itself to its master.</summary>
internal sealed record WorkerLaunchSpec(int WorkerId, int Generation, string Secret, string MasterAddress, int QueueCapacity);

/// <summary>A started worker: its process and the master's end of its handle channel.</summary>
internal sealed record LaunchedWorker(IWorkerProcess Process, IHandoffTarget Channel) : IDisposable
{
    public void Dispose()
    {
        Channel.Dispose();
        Process.Dispose();
    }
}

/// <summary>A running worker process as its actor sees it.</summary>
internal interface IWorkerProcess : IDisposable
{
    int Pid { get; }

    /// <summary>Completes with the exit code when the process has exited.</summary>
    Task<int> Exited { get; }

    /// <summary>The last lines the process wrote to standard error.</summary>
    IReadOnlyList<string> LastErrorLines { get; }

    /// <summary>Asks the process to stop (SIGTERM).</summary>
    void Terminate();

    /// <summary>Kills the process (SIGKILL).</summary>
    void Kill();
}
