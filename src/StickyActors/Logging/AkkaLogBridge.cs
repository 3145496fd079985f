using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace StickyActors.Logging;

/// <summary>
/// Akka's logger (<c>akka.loggers</c>): Akka's own messages go to Microsoft.Extensions.Logging as the
/// message alone, under the category <c>StickyActors.Akka</c>. Akka's informational chatter (remoting
/// start and stop, associations) is logged at Debug; warnings and errors keep their level, except a
/// worker actor's failure on its process's exit, which the supervision reports itself, and a peer's
/// disassociation (a worker or master process that exited, a host that left), which the supervision
/// and the cluster's own events report.
/// </summary>
internal sealed class AkkaLogBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public const string Category = "StickyActors.Akka";

    private readonly ILogger _logger;

    public AkkaLogBridge()
    {
        _logger = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value?.LoggerFactory.CreateLogger(Category) ?? NullLogger.Instance;
        // A worker process's exit is a failure of its actor that Akka logs with the whole trace; the
        // supervision logs it once, as one line (or a crash-loop summary), so Akka's copy is dropped.
        Receive<Error>(e => e.Cause is IReportedBySupervision, _ => { });
        Receive<Error>(e => Log(IsPeerGone(e) ? LogLevel.Debug : LogLevel.Error, e));
        Receive<Warning>(e => Log(IsPeerGone(e) ? LogLevel.Debug : LogLevel.Warning, e));
        Receive<Info>(e => Log(LogLevel.Debug, e));
        Receive<Debug>(e => Log(LogLevel.Trace, e));
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
    }

    /// <summary>
    /// Whether the event only says that the other end of an association went away: the endpoint
    /// writer's failure with Akka.Remote's (internal) <c>EndpointDisassociatedException</c>, logged
    /// as an error by its supervisor, and the endpoint manager's "association has failed; address is
    /// now gated" warning that carries it. A worker's exit during a stop or a crash produced both
    /// lines, with a stack trace, next to the one line the supervision writes.
    /// </summary>
    internal static bool IsPeerGone(LogEvent e) =>
        IsDisassociation(e.Cause) || (e.Message is LogMessage message && message.Parameters().Any(p => IsDisassociation(p as Exception)));

    private static bool IsDisassociation(Exception? exception) =>
        exception?.GetType().FullName == "Akka.Remote.EndpointDisassociatedException";

    private void Log(LogLevel level, LogEvent e)
    {
        if (_logger.IsEnabled(level))
        {
            AkkaLog.Message(_logger, level, e.Cause, e.LogSource, e.Message?.ToString() ?? string.Empty);
        }
    }
}
