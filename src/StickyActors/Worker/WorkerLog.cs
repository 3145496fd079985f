using Microsoft.Extensions.Logging;

namespace StickyActors.Worker;

internal static partial class WorkerLog
{
    [LoggerMessage(4001, LogLevel.Warning, "Worker {WorkerId} lost its master ({Reason}); exiting within {TimeoutMs} ms")]
    public static partial void MasterLost(ILogger logger, int workerId, string reason, double timeoutMs);

    [LoggerMessage(4002, LogLevel.Information, "Worker {WorkerId} stopping on its own: the master stops routing here first")]
    public static partial void LocalStop(ILogger logger, int workerId);

    [LoggerMessage(4003, LogLevel.Warning, "Worker {WorkerId} still running {AfterMs} ms after it was told to stop; exiting with code {ExitCode}")]
    public static partial void HardExit(ILogger logger, int workerId, double afterMs, int exitCode);
}
