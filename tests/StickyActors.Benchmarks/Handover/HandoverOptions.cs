using StickyActors.Benchmarks.Faults;

namespace StickyActors.Benchmarks.Handover;

/// <summary>The settings of one <c>handover</c> run; every wait they drive is bounded by them.</summary>
/// <param name="Load">The cluster and the tracked load, as for <c>faults</c>.</param>
/// <param name="Held">Keep-alive connections held (one GET answered each) from the addresses after the load's.</param>
/// <param name="Scenarios"><c>handover</c> (SIGUSR2) and <c>restart</c> (SIGTERM, then a new master on the same port).</param>
/// <param name="Learn">Load before the signal (at least; until every source was answered).</param>
/// <param name="After">Load after the old master exited (restart: after the new master's workers all answered).</param>
/// <param name="EventTimeout">The longest wait for the new master to serve and for the old one to exit.</param>
internal sealed record HandoverOptions(TrackedLoadOptions Load, int Held, string[] Scenarios, TimeSpan Learn, TimeSpan After, TimeSpan EventTimeout)
{
    private const int MaxHeld = 1000;

    /// <summary>The longest one scenario's load may run, whatever happens.</summary>
    public TimeSpan MaxLoad => TimeSpan.FromSeconds(30) + Learn + After + Load.RequestTimeout + EventTimeout + Load.ReadyTimeout;

    public static HandoverOptions From(CliArguments line)
    {
        var options = new HandoverOptions(
            Load: TrackedLoadOptions.From(line),
            Held: line.Int("held", 50),
            Scenarios: line.String("scenarios", "handover,restart").ToLowerInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries),
            Learn: TimeSpan.FromSeconds(line.Double("learn", 2)),
            After: TimeSpan.FromSeconds(line.Double("after", 3)),
            EventTimeout: TimeSpan.FromSeconds(line.Double("event-timeout", 120)));
        line.ThrowOnUnknown();
        var problems = new List<string>();
        options.Load.Validate(problems, maxSources: (254 * 254) - MaxHeld);
        if (options.Held is < 0 or > MaxHeld) problems.Add($"--held must be 0..{MaxHeld}");
        if (options.Scenarios.Length == 0 || options.Scenarios.Any(s => s is not ("handover" or "restart"))) problems.Add("--scenarios takes handover, restart");
        if (options.Learn < TimeSpan.Zero || options.Learn > TimeSpan.FromMinutes(1)) problems.Add("--learn must be in [0, 60]");
        if (options.After < TimeSpan.Zero || options.After > TimeSpan.FromMinutes(1)) problems.Add("--after must be in [0, 60]");
        if (options.EventTimeout <= TimeSpan.Zero || options.EventTimeout > TimeSpan.FromMinutes(10)) problems.Add("--event-timeout must be in (0, 600]");
        return problems.Count == 0 ? options : throw new ArgumentException(string.Join("; ", problems));
    }
}
