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
/// worker actor's failure on its process's exit, which the supervision reports itself.
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
        Receive<Error>(e => Log(LogLevel.Error, e));
        Receive<Warning>(e => Log(LogLevel.Warning, e));
        Receive<Info>(e => Log(LogLevel.Debug, e));
        Receive<Debug>(e => Log(LogLevel.Trace, e));
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
    }

    private void Log(LogLevel level, LogEvent e)
    {
        if (_logger.IsEnabled(level))
        {
            AkkaLog.Message(_logger, level, e.Cause, e.LogSource, e.Message?.ToString() ?? string.Empty);
        }
    }
}
