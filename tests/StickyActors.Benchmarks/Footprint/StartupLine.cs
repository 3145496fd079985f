using System.Globalization;
using System.Text.RegularExpressions;

namespace StickyActors.Benchmarks.Footprint;

/// <summary>A worker's "ready … ms after launch" log line (event 4010), parsed: each phase in ms.</summary>
internal sealed partial record StartupLine(int WorkerId, double ReadyMs, double RuntimeMs, double ActorSystemMs, double RegistrationMs, double ApplicationMs, long LaunchTimestamp)
{
    public static StartupLine? TryParse(string line)
    {
        var match = Pattern().Match(line);
        if (!match.Success)
        {
            return null;
        }

        double Ms(int group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        return new StartupLine(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            Ms(2),
            Ms(3),
            Ms(4),
            Ms(5),
            Ms(6),
            long.Parse(match.Groups[7].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Worker (\d+) ready ([\d.]+) ms after launch: runtime start ([\d.]+) ms, actor system and remoting ([\d.]+) ms, then association and registration ([\d.]+) ms beside application start ([\d.]+) ms \(launch timestamp (\d+)\)")]
    private static partial Regex Pattern();
}
