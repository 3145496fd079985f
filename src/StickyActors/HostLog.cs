using Microsoft.Extensions.Logging;

namespace StickyActors;

internal static partial class HostLog
{
    [LoggerMessage(5001, LogLevel.Information, "{Signal} received: stopping gracefully")]
    public static partial void SignalReceived(ILogger logger, string signal);

    [LoggerMessage(5002, LogLevel.Information, "{Drained} of {Total} worker(s) drained; master stopping")]
    public static partial void Drained(ILogger logger, int drained, int total);

    [LoggerMessage(5003, LogLevel.Warning, "Workers did not drain within {Seconds} s; stopping the rest")]
    public static partial void DrainTimedOut(ILogger logger, double seconds);

    [LoggerMessage(5005, LogLevel.Error, "{Reason}")]
    public static partial void RollingRestartFailed(ILogger logger, string reason);

    [LoggerMessage(5004, LogLevel.Information, "[worker {WorkerId}] {Line}")]
    public static partial void WorkerStderr(ILogger logger, int workerId, string line);
}
