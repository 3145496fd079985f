using Microsoft.Extensions.Logging;

namespace StickyActors.Handoff;

internal static partial class HandoffLog
{
    [LoggerMessage(2001, LogLevel.Warning, "No worker serves some buckets now (none alive, or their worker is starting or being replaced): their connections wait up to {TimeoutMs} ms (at most {Capacity})")]
    public static partial void NoWorkerWaiting(ILogger logger, double timeoutMs, int capacity);

    [LoggerMessage(2002, LogLevel.Debug, "Routing changed: {Count} connection(s) that waited for a worker routed again")]
    public static partial void WaitingDispatched(ILogger logger, int count);

    [LoggerMessage(2003, LogLevel.Warning, "{Count} connection(s) waited {TimeoutMs} ms for a worker and were closed")]
    public static partial void NoWorkerExpired(ILogger logger, int count, double timeoutMs);
}
