using Microsoft.Extensions.Logging;

namespace StickyActors.SignalR;

/// <summary>The SignalR backplane's events (ids 8xxx).</summary>
internal static partial class SignalRBackplaneLog
{
    [LoggerMessage(8001, LogLevel.Error, "Hub {Hub}: '{Method}' for {Audience} is {Size} bytes, over the backplane's limit of {Limit} bytes; sent to nobody")]
    public static partial void MessageTooLarge(ILogger logger, string hub, string method, string audience, long size, int limit);

    [LoggerMessage(8002, LogLevel.Warning, "Hub {Hub}: writing a backplane message to connection {ConnectionId} failed")]
    public static partial void WriteFailed(ILogger logger, string hub, string connectionId, Exception exception);

    [LoggerMessage(8003, LogLevel.Debug, "Hub {Hub}: group command {Id} for connection {ConnectionId} sent to the other workers")]
    public static partial void GroupCommandSent(ILogger logger, string hub, long id, string connectionId);

    [LoggerMessage(8004, LogLevel.Warning, "Hub {Hub}: no worker confirmed {Action} connection {ConnectionId} to group {Group} within {Timeout}")]
    public static partial void GroupCommandTimedOut(ILogger logger, string hub, string action, string connectionId, string group, TimeSpan timeout);
}
