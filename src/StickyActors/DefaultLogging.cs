using Microsoft.Extensions.Logging;

namespace StickyActors;

/// <summary>Console logging for hosts that bring no logger factory of their own.</summary>
internal static class DefaultLogging
{
    /// <summary>
    /// Single-line console logs; a worker writes to standard error, which its master forwards with
    /// the worker's id and keeps the tail of for crash reports.
    /// </summary>
    public static ILoggerFactory Create(StickyActorRole role) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Information)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        })
        .AddConsole(options => options.LogToStandardErrorThreshold = role == StickyActorRole.Worker ? LogLevel.Trace : LogLevel.None));
}
