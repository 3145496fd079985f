using Microsoft.Extensions.Logging;

namespace StickyActors.Logging;

internal static partial class AkkaLog
{
    [LoggerMessage(EventId = 3900, Message = "{Message} ({Source})")]
    public static partial void Message(ILogger logger, LogLevel level, Exception? exception, string source, string message);
}
