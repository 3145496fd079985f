using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace StickyActors.Logging;

/// <summary>
/// A worker's standard output and error, in the master. A worker logs one JSON object per line
/// (the console's JSON formatter); each such line is logged again here, once, with its own level,
/// category, event id and message, inside a <see cref="WorkerScope"/>. Any other line is logged at
/// Warning. Returns what the crash tail keeps: every line that is not a log event, and log events
/// at Warning or above. In a crash loop, the lines (a trace) and exceptions that a slot's earlier
/// process already wrote are forwarded once a minute, new ones at once (<see cref="RepeatedOutputFilter"/>);
/// the crash tail keeps them all.
/// </summary>
internal sealed class WorkerOutput(ILoggerFactory loggerFactory, TimeProvider? time = null)
{
    public const string Category = "StickyActors.Worker";

    private readonly ILogger _output = loggerFactory.CreateLogger(Category);
    private readonly RepeatedOutputFilter _plainLines = new(time ?? TimeProvider.System);
    private readonly RepeatedOutputFilter _exceptions = new(time ?? TimeProvider.System);

    /// <summary>Logs one line of worker <paramref name="workerId"/>'s output; returns the text for its crash tail, or null.</summary>
    public string? Line(int workerId, int pid, string line)
    {
        var scope = new WorkerScope(workerId, pid);
        if (TryParse(line) is not { } e)
        {
            using (_output.BeginScope(scope))
            {
                if (_plainLines.Offer(workerId, pid, line))
                {
                    HostLog.WorkerOutput(_output, line);
                }
            }

            return line;
        }

        var logger = loggerFactory.CreateLogger(e.Category);
        var text = e.Exception is null ? e.Text : e.Text + Environment.NewLine + e.Exception;
        if (e.Exception is not null && !_exceptions.Offer(workerId, pid, $"{e.Category}[{e.EventId}] {e.Exception}"))
        {
            // The same exception as this slot's previous process logged (a crash loop): not its whole trace again.
            text = e.Text + " (exception as logged before by this worker slot)";
        }

        using (logger.BeginScope(scope))
        {
            logger.Log(e.Level, new EventId(e.EventId), text, exception: null, static (text, _) => text);
        }

        return e.Level >= LogLevel.Warning ? $"{e.Level}: {e.Category}: {text}" : null;
    }

    private static (LogLevel Level, string Category, int EventId, string Text, string? Exception)? TryParse(string line)
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
            var detail = root.TryGetProperty("Exception", out var exception) && exception.GetString() is { Length: > 0 } written ? written : null;
            return (parsed, category.GetString() ?? Category, eventId, text, detail);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
