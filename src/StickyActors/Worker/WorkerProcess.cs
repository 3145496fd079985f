using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.Handoff;

namespace StickyActors.Worker;

/// <summary>
/// A worker process behind <see cref="StickyActorHost"/>: its runtime (control plane and handoff
/// channel to the master) and the connections it serves; SIGTERM asks the master to stop routing here.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly WorkerRuntime _runtime;
    private readonly PosixSignalRegistration _terminate;

    private WorkerProcess(WorkerRuntime runtime)
    {
        _runtime = runtime;
        Connections = new StickyWorker(runtime);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => runtime.BeginLocalStop());
    }

    /// <summary>This worker's id (0 to count − 1).</summary>
    public int WorkerId => _runtime.WorkerId;

    /// <summary>The connections the master hands this worker.</summary>
    public StickyWorker Connections { get; }

    /// <summary>
    /// A worker's first steps, before anything else runs: keep its channel end from leaking into
    /// processes the application starts, die with the master, take its credentials, then connect.
    /// </summary>
    public static WorkerProcess Start(StickyActorsSettings settings, WorkerEnvironment environment, ILoggerFactory loggerFactory)
    {
        UnixSocketPair.Inheritable(environment.HandoffFd, false);
        if (environment.ControlFd >= 0)
        {
            UnixSocketPair.Inheritable(environment.ControlFd, false);
        }

        ParentDeathSignal.Arm(environment.MasterPid);
        var credentials = WorkerCredentials.ReceiveFrom(environment.HandoffFd);
        return new WorkerProcess(new WorkerRuntime(environment, credentials, settings, loggerFactory));
    }

    /// <summary>Completes once this worker was told to stop (drained by the master, or its own SIGTERM).</summary>
    public async Task<int> RunAsync()
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = _runtime.Stopping.Register(() => stopping.TrySetResult()).ConfigureAwait(false);
        await stopping.Task.ConfigureAwait(false);
        return 0;
    }

    /// <summary>Asks the master to stop routing here; accepted connections stay served.</summary>
    public void Stop() => Connections.BeginStop();

    public async ValueTask DisposeAsync()
    {
        _terminate.Dispose();
        await _runtime.DisposeAsync().ConfigureAwait(false);
    }
}
