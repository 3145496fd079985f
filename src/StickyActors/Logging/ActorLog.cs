using Microsoft.Extensions.Logging;

namespace StickyActors.Logging;

/// <summary>The actors' lifecycle events (ids 3xxx): workers launched, registered, drained, replaced; buckets moved.</summary>
internal static partial class ActorLog
{
    [LoggerMessage(3001, LogLevel.Information, "Rolling restart of {Workers} worker(s) begins")]
    public static partial void RollingRestartBegins(ILogger logger, int workers);

    [LoggerMessage(3002, LogLevel.Error, "Rolling restart aborted: {Reason}")]
    public static partial void RollingRestartAborted(ILogger logger, string reason);

    [LoggerMessage(3003, LogLevel.Information, "Rolling restart complete: every worker was replaced")]
    public static partial void RollingRestartComplete(ILogger logger);

    [LoggerMessage(3004, LogLevel.Information, "Worker {WorkerId} replaced by pid {Pid}; draining the old process")]
    public static partial void WorkerReplaced(ILogger logger, int workerId, int pid);

    [LoggerMessage(3005, LogLevel.Information, "Worker {WorkerId}'s previous process drained (exit code {ExitCode})")]
    public static partial void PreviousProcessDrained(ILogger logger, int workerId, int? exitCode);

    [LoggerMessage(3006, LogLevel.Error, "Child of the master failed; resuming it with its state")]
    public static partial void ChildFailed(ILogger logger, Exception exception);

    [LoggerMessage(3007, LogLevel.Information, "Master {Pid} accepting on {EndPoint} with {Workers} worker(s), {Buckets} buckets; control plane {ControlPlane}")]
    public static partial void MasterAccepting(ILogger logger, int pid, string endPoint, int workers, int buckets, string controlPlane);

    [LoggerMessage(3008, LogLevel.Warning, "Refused a registration for unknown worker id {WorkerId} from {From}")]
    public static partial void RegistrationUnknownWorker(ILogger logger, int workerId, object? from);

    [LoggerMessage(3009, LogLevel.Warning, "Refused a registration as worker {WorkerId} generation {Generation} from {From}: no such launch")]
    public static partial void RegistrationNoSuchLaunch(ILogger logger, int workerId, int generation, object? from);

    [LoggerMessage(3010, LogLevel.Information, "Master stopped accepting connections")]
    public static partial void MasterStoppedAccepting(ILogger logger);

    [LoggerMessage(3011, LogLevel.Information, "Worker {WorkerId} launched as pid {Pid} (generation {Generation})")]
    public static partial void WorkerLaunched(ILogger logger, int workerId, int pid, int generation);

    [LoggerMessage(3012, LogLevel.Warning, "Worker {WorkerId} (pid {Pid}) did not register within {Timeout}; killing it")]
    public static partial void WorkerStartupTimedOut(ILogger logger, int workerId, int pid, TimeSpan timeout);

    [LoggerMessage(3013, LogLevel.Warning, "Worker {WorkerId} (pid {Pid}) lost its control plane; killing it (no answer to pings for {UnresponsiveAfter})")]
    public static partial void WorkerControlPlaneLost(ILogger logger, int workerId, int pid, TimeSpan unresponsiveAfter);

    [LoggerMessage(3014, LogLevel.Warning, "Worker {WorkerId} (pid {Pid}) handle channel broke; killing it")]
    public static partial void WorkerChannelBroke(ILogger logger, int workerId, int pid);

    [LoggerMessage(3015, LogLevel.Information, "Worker {WorkerId} (pid {Pid}) is stopping on its own; it will be replaced")]
    public static partial void WorkerStoppingOnItsOwn(ILogger logger, int workerId, int pid);

    [LoggerMessage(3016, LogLevel.Information, "Worker {WorkerId} (pid {Pid}) drained and exited with code {ExitCode}")]
    public static partial void WorkerDrainedAndExited(ILogger logger, int workerId, int pid, int exitCode);

    [LoggerMessage(3017, LogLevel.Warning, "Worker {WorkerId} (pid {Pid}) did not drain within its deadline; killing it")]
    public static partial void WorkerDrainTimedOut(ILogger logger, int workerId, int pid);

    [LoggerMessage(3018, LogLevel.Warning, "Refused a registration as worker {WorkerId} from {From} (pid {Pid}): it is not the process this master launched")]
    public static partial void RegistrationNotOurProcess(ILogger logger, int workerId, object? from, int pid);

    [LoggerMessage(3019, LogLevel.Debug, "Worker {WorkerId} (pid {Pid}) registered and receives connections")]
    public static partial void WorkerRegistered(ILogger logger, int workerId, int pid);

    [LoggerMessage(3020, LogLevel.Debug, "Worker {WorkerId} generation {Generation} took over its slot's {Buckets} bucket(s)")]
    public static partial void BucketsTakenOver(ILogger logger, int workerId, int generation, int buckets);

    [LoggerMessage(3021, LogLevel.Debug, "Worker {WorkerId} down ({Reason}): {Moved} bucket(s) moved to interim workers")]
    public static partial void WorkerDown(ILogger logger, int workerId, object reason, int moved);

    [LoggerMessage(3022, LogLevel.Information, "{Returned} bucket(s) returned home to worker {WorkerId}{Bound}")]
    public static partial void BucketsReturned(ILogger logger, int returned, int workerId, string bound);

    [LoggerMessage(3023, LogLevel.Debug, "Worker {WorkerId} registered with master {Master}")]
    public static partial void RegisteredWithMaster(ILogger logger, int workerId, object master);

    [LoggerMessage(3024, LogLevel.Error, "Master refused worker {WorkerId}: {Reason}")]
    public static partial void MasterRefusedWorker(ILogger logger, int workerId, string reason);

    [LoggerMessage(3025, LogLevel.Debug, "Worker {WorkerId} asked to drain within {Deadline}")]
    public static partial void AskedToDrain(ILogger logger, int workerId, TimeSpan deadline);

    [LoggerMessage(3040, LogLevel.Information, "Worker {WorkerId} exited while the master stops ({Reason}); not restarted")]
    public static partial void WorkerExitedWhileMasterStops(ILogger logger, int workerId, string reason);

    [LoggerMessage(3026, LogLevel.Warning, "Worker {WorkerId} failed ({Reason}); restarting it after backoff")]
    public static partial void WorkerFailedRestarting(ILogger logger, int workerId, string reason);

    [LoggerMessage(3027, LogLevel.Error, "Worker {WorkerId} could not be launched; retrying after backoff")]
    public static partial void WorkerLaunchFailed(ILogger logger, Exception exception, int workerId);

    [LoggerMessage(3028, LogLevel.Error, "Worker {WorkerId} actor failed unexpectedly; restarting it after backoff")]
    public static partial void WorkerActorFailed(ILogger logger, Exception exception, int workerId);

    [LoggerMessage(3029, LogLevel.Warning, "Worker {WorkerId} crash-looping: {Exits} exits in {Seconds:0.#} s, next try in about {NextTrySeconds:0.#} s, last error: {Reason}")]
    public static partial void WorkerCrashLooping(ILogger logger, int workerId, int exits, double seconds, double nextTrySeconds, string reason);

    [LoggerMessage(3030, LogLevel.Information, "Worker {WorkerId} down ({Reason}): its buckets wait up to {Wait} for its replacement")]
    public static partial void WorkerDownBucketsWait(ILogger logger, int workerId, object reason, TimeSpan wait);

    [LoggerMessage(3031, LogLevel.Warning, "Worker {WorkerId} did not come up in time: {Moved} of its bucket(s) moved to interim workers")]
    public static partial void ReplacementLate(ILogger logger, int workerId, int moved);

    [LoggerMessage(3032, LogLevel.Warning, "Ignored a sessions report for worker {WorkerId} from {From}: not its registered control actor")]
    public static partial void SessionsReportIgnored(ILogger logger, int workerId, object? from);

    [LoggerMessage(3033, LogLevel.Warning, "Worker {WorkerId} ignored {Message} from {From}: not from its registered peer")]
    public static partial void ControlMessageIgnored(ILogger logger, int workerId, string message, object? from);

    [LoggerMessage(3034, LogLevel.Warning, "Ignored {Message} from {From}: not a sender allowed to send it")]
    public static partial void MasterMessageIgnored(ILogger logger, string message, object? from);

    [LoggerMessage(3035, LogLevel.Error, "Worker {WorkerId} given up after {Exits} exits in a row in {Seconds:0.#} s (workers.crash-loop.max-exits): not restarted any more, its buckets go to the live workers; last error: {Reason}")]
    public static partial void WorkerGivenUp(ILogger logger, int workerId, int exits, double seconds, string reason);

    [LoggerMessage(3036, LogLevel.Critical, "Worker {WorkerId} crash-looped {Exits} times in a row in {Seconds:0.#} s (workers.crash-loop.on-limit = stop-master): stopping the master, exit code {ExitCode}; last error: {Reason}")]
    public static partial void CrashLoopStopsMaster(ILogger logger, int workerId, int exits, double seconds, int exitCode, string reason);

    [LoggerMessage(3037, LogLevel.Debug, "Worker {WorkerId} down ({Reason}) while the master stops: no replacement comes")]
    public static partial void WorkerDownAtStop(ILogger logger, int workerId, object reason);

    [LoggerMessage(3038, LogLevel.Debug, "Worker slot {WorkerId} given up: {Moved} of its waiting bucket(s) moved to live workers")]
    public static partial void GivenUpBucketsMoved(ILogger logger, int workerId, int moved);

    [LoggerMessage(3039, LogLevel.Warning, "No worker slot is left (every one given up): the master answers each connection at once ({Answer}) until it is restarted or a rolling restart brings a worker back")]
    public static partial void NoSlotLeft(ILogger logger, string answer);
}
