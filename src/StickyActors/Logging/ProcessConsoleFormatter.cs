using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace StickyActors.Logging;

/// <summary>
/// One line per event that names its process: <c>15:02:31.072 info [master 812] StickyActors.Master[3011] …</c>,
/// or <c>[worker 0 pid 815]</c> for what a worker logged (its <see cref="WorkerScope"/>).
/// </summary>
internal sealed class ProcessConsoleFormatter(IOptionsMonitor<ProcessConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "sticky-actors";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? string.Empty;
        if (message.Length == 0 && logEntry.Exception is null)
        {
            return;
        }

        WorkerScope? worker = null;
        scopeProvider?.ForEachScope((scope, _) => worker = scope as WorkerScope ?? worker, (object?)null);
        var process = worker?.ToString() ?? options.CurrentValue.Process;
        textWriter.Write(DateTime.Now.ToString("HH:mm:ss.fff ", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(" [");
        textWriter.Write(process);
        textWriter.Write("] ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(message.ReplaceLineEndings(" | "));
        if (logEntry.Exception is not null)
        {
            textWriter.Write(" | ");
            textWriter.Write(logEntry.Exception.ToString().ReplaceLineEndings(" | "));
        }

        textWriter.WriteLine();
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
