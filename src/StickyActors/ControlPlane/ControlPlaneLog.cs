using Microsoft.Extensions.Logging;

namespace StickyActors.ControlPlane;

internal static partial class ControlPlaneLog
{
    [LoggerMessage(6011, LogLevel.Critical, "The master actor stopped without a stop being asked; nothing is served any more, so the master exits with code {ExitCode}")]
    public static partial void MasterActorLost(ILogger logger, int exitCode);

    [LoggerMessage(6010, LogLevel.Debug, "Control plane transport: {Transport} ({Detail})")]
    public static partial void TransportChosen(ILogger logger, string transport, string detail);
}
