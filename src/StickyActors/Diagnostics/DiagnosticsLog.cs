using Microsoft.Extensions.Logging;

namespace StickyActors.Diagnostics;

internal static partial class DiagnosticsLog
{
    [LoggerMessage(6001, LogLevel.Warning, "The status endpoint (app status) is not available: its socket name is taken ({Error})")]
    public static partial void StatusEndpointUnavailable(ILogger logger, string error);

    [LoggerMessage(6002, LogLevel.Warning, "Refused a status request from uid {Uid}: only the master's own user is answered")]
    public static partial void StatusRefused(ILogger logger, uint uid);

    [LoggerMessage(6003, LogLevel.Warning, "Could not answer a status request: {Reason}")]
    public static partial void StatusFailed(ILogger logger, string reason);
}
