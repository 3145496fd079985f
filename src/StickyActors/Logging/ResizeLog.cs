using Microsoft.Extensions.Logging;

namespace StickyActors.Logging;

/// <summary>The worker count changed at run time (SIGTTIN, SIGTTOU, the host's API), and the pid file.</summary>
internal static partial class ResizeLog
{
    [LoggerMessage(3060, LogLevel.Information, "Worker slot {WorkerId} added: {Count} worker slot(s) now (at most {Max}); {Rehomed} of {Buckets} bucket(s) have it as their home and move to it once its worker registered")]
    public static partial void SlotAdded(ILogger logger, int workerId, int count, int max, int rehomed, int buckets);

    [LoggerMessage(3061, LogLevel.Information, "Worker slot {WorkerId} removed: {Count} worker slot(s) now; its {Rehomed} home bucket(s) went to the other slots ({Moved} bucket(s) changed worker); its worker drains within {Seconds} s")]
    public static partial void SlotRemoved(ILogger logger, int workerId, int count, int rehomed, int moved, double seconds);

    [LoggerMessage(3062, LogLevel.Error, "Worker count not changed: {Reason}")]
    public static partial void ResizeRefused(ILogger logger, string reason);

    [LoggerMessage(3063, LogLevel.Information, "Removed worker slot {WorkerId}'s last process exited (code {ExitCode})")]
    public static partial void RemovedSlotDrained(ILogger logger, int workerId, int exitCode);

    [LoggerMessage(5060, LogLevel.Information, "Pid file {Path} names master {Pid}")]
    public static partial void PidFileWritten(ILogger logger, string path, int pid);

    [LoggerMessage(5061, LogLevel.Warning, "Pid file {Path} not written: {Reason}")]
    public static partial void PidFileFailed(ILogger logger, string path, string reason);
}
