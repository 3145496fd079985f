using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace StickyActors.Logging;

/// <summary>
/// A worker's standard output and error, in the master. A worker logs one JSON object per line
/// (the console's JSON formatter); each such line is logged again here, once, with its own level,
/// category, event id and message, inside a <see cref="WorkerScope"/>. Any other line is logged at
/// Warning. Returns what the crash tail keeps: every line that is not a log event, and log events
/// at Warning or above.
/// </summary>
internal sealed class WorkerOutput(ILoggerFactory loggerFactory)
{
    public const string Category = "StickyActors.Worker";

    private readonly ILogger _output = loggerFactory.CreateLogger(Category);

    /// <summary>Logs one line of worker <paramref name="workerId"/>'s output; returns the text for its crash tail, or null.</summary>
    public string? Line(int workerId, int pid, string line)
    {
        var scope = new WorkerScope(workerId, pid);
        if (TryParse(line) is not { } e)
        {
            using (_output.BeginScope(scope))
            {
                HostLog.WorkerOutput(_output, line);
            }

            return line;
        }

        var logger = loggerFactory.CreateLogger(e.Category);
        using (logger.BeginScope(scope))
        {
            logger.Log(e.Level, new EventId(e.EventId), e.Text, exception: null, static (text, _) => text);
        }

        return e.Level >= LogLevel.Warning ? $"{e.Level}: {e.Category}: {e.Text}" : null;
    }

    private static (LogLevel Level, string Category, int EventId, string Text)? TryParse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!root.TryGetProperty("LogLevel", out var level) || !Enum.TryParse<LogLevel>(level.GetString(), out var parsed)
                || !root.TryGetProperty("Category", out var category) || !root.TryGetProperty("Message", out var message))
            {
                return null;
            }

            var eventId = root.TryGetProperty("EventId", out var id) && id.TryGetInt32(out var number) ? number : 0;
            var text = message.GetString() ?? string.Empty;
            if (root.TryGetProperty("Exception", out var exception) && exception.GetString() is { Length: > 0 } detail)
            {
                text += Environment.NewLine + detail;
            }

            return (parsed, category.GetString() ?? Category, eventId, text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
