using Microsoft.Extensions.Logging;

namespace StickyActors.Listening;

internal static partial class ListeningLog
{
    [LoggerMessage(1001, LogLevel.Warning, "accept(2) failed with errno {Errno} (out of descriptors or memory); backing off {DelayMs} ms")]
    public static partial void AcceptBackingOff(ILogger logger, int errno, double delayMs);

    [LoggerMessage(1002, LogLevel.Error, "accept(2) failed with errno {Errno}")]
    public static partial void AcceptFailed(ILogger logger, int errno);
}
