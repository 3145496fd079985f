using Microsoft.Extensions.Logging;

namespace StickyActors.Transport;

internal static partial class WorkerLog
{
    [LoggerMessage(4001, LogLevel.Warning, "Worker {WorkerId} lost its master ({Reason}); exiting within {TimeoutMs} ms")]
    public static partial void MasterLost(ILogger logger, int workerId, string reason, double timeoutMs);
}
