using Microsoft.Extensions.Logging;

namespace StickyActors.Listening;

internal static partial class ListeningLog
{
    [LoggerMessage(1001, LogLevel.Warning, "accept(2) failed with errno {Errno} (out of descriptors or memory); backing off {DelayMs} ms")]
    public static partial void AcceptBackingOff(ILogger logger, int errno, double delayMs);

    [LoggerMessage(1002, LogLevel.Error, "accept(2) failed with errno {Errno}")]
    public static partial void AcceptFailed(ILogger logger, int errno);

    [LoggerMessage(1003, LogLevel.Information, "Listening on {EndPoint}: socket taken from systemd (LISTEN_FDS), not bound here")]
    public static partial void ListenerFromSystemd(ILogger logger, string endPoint);
}
