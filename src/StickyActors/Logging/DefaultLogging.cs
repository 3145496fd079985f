using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace StickyActors.Logging;

/// <summary>Console logging for hosts that bring no logger factory of their own.</summary>
internal static class DefaultLogging
{
    /// <summary>
    /// The master: one line per event, naming the process it came from. A worker: one JSON object
    /// per line on standard error, which its master reads and logs again with the worker's id and
    /// pid (and keeps the tail of for crash reports).
    /// </summary>
    public static ILoggerFactory Create(StickyActorRole role) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(LogLevel.Information);
        if (role == StickyActorRole.Worker)
        {
            AddWorkerConsole(builder);
        }
        else
        {
            AddMasterConsole(builder);
        }
    });

    /// <summary>A master's console: one line per event, naming its process.</summary>
    public static ILoggingBuilder AddMasterConsole(ILoggingBuilder builder) => builder
        .AddConsole(options => options.FormatterName = ProcessConsoleFormatter.FormatterName)
        .AddConsoleFormatter<ProcessConsoleFormatter, ProcessConsoleFormatterOptions>();

    /// <summary>A worker's console: JSON lines on standard error, for its master to forward.</summary>
    public static ILoggingBuilder AddWorkerConsole(ILoggingBuilder builder) => builder
        .AddJsonConsole(options =>
        {
            options.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            options.IncludeScopes = false;
        })
        .AddConsole(options =>
        {
            options.FormatterName = ConsoleFormatterNames.Json;
            options.LogToStandardErrorThreshold = LogLevel.Trace;
        });
}
