using Microsoft.Extensions.Logging.Console;

namespace StickyActors.Logging;

/// <summary>Options of <see cref="ProcessConsoleFormatter"/>: how this process names itself.</summary>
internal sealed class ProcessConsoleFormatterOptions : ConsoleFormatterOptions
{
    public string Process { get; set; } = $"master {Environment.ProcessId}";
}
