using Microsoft.Extensions.Logging;

namespace StickyActors.Preamble;

internal static partial class PreambleLog
{
    [LoggerMessage(1101, LogLevel.Warning, "Closed {Count} connection(s) before routing: {Reason} ({Detail}); logged at most once a second per reason")]
    public static partial void Rejected(ILogger logger, string reason, long count, string detail);
}
