using Microsoft.Extensions.Logging;

namespace StickyActors.Worker;

internal static partial class WorkerStartupLog
{
    [LoggerMessage(
        4010,
        LogLevel.Information,
        "Worker {WorkerId} ready {ReadyMs} ms after launch: runtime start {RuntimeMs} ms, actor system and remoting {ActorSystemMs} ms, then association and registration {RegistrationMs} ms beside application start {ApplicationMs} ms (launch timestamp {LaunchTimestamp})")]
    public static partial void Ready(ILogger logger, int workerId, double readyMs, double runtimeMs, double actorSystemMs, double registrationMs, double applicationMs, long launchTimestamp);
}
