using Microsoft.Extensions.Logging;

namespace StickyActors.Backplane;

/// <summary>The backplane's events (ids 7xxx): in the workers and in the master's fan-out.</summary>
internal static partial class BackplaneLog
{
    [LoggerMessage(7001, LogLevel.Error, "A backplane subscriber failed on a {Message}")]
    public static partial void SubscriberFailed(ILogger logger, string message, Exception exception);

    [LoggerMessage(7002, LogLevel.Warning, "Dropped a backplane {Message} from {From}: not the registered worker actor of a running worker")]
    public static partial void NotFromAWorker(ILogger logger, string message, object from);

    [LoggerMessage(7003, LogLevel.Error, "The backplane bus between hosts failed to publish a {Message}")]
    public static partial void BusPublishFailed(ILogger logger, string message, Exception exception);
}
