namespace StickyActors.Benchmarks.Faults;

/// <summary>The settings of one <c>faults</c> run; every wait they drive is bounded by them.</summary>
internal sealed record FaultsOptions(
    TrackedLoadOptions Load,
    int Rounds,
    string[] Scenarios,
    TimeSpan Learn,
    TimeSpan Tail,
    TimeSpan RecoveryTimeout,
    TimeSpan RestartTimeout,
    TimeSpan SettleTimeout)
{
    /// <summary>The longest one round's load may run, whatever happens.</summary>
    public TimeSpan MaxLoad => TimeSpan.FromSeconds(30) + Learn + Tail + Load.RequestTimeout + (RecoveryTimeout > RestartTimeout ? RecoveryTimeout : RestartTimeout);

    public static FaultsOptions From(CliArguments line)
    {
        var options = new FaultsOptions(
            Load: TrackedLoadOptions.From(line),
            Rounds: line.Int("rounds", 3),
            Scenarios: line.String("scenarios", "kill,restart").ToLowerInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries),
            Learn: TimeSpan.FromSeconds(line.Double("learn", 1)),
            Tail: TimeSpan.FromSeconds(line.Double("tail", 1)),
            RecoveryTimeout: TimeSpan.FromSeconds(line.Double("recovery-timeout", 30)),
            RestartTimeout: TimeSpan.FromSeconds(line.Double("restart-timeout", 120)),
            SettleTimeout: TimeSpan.FromSeconds(line.Double("settle-timeout", 90)));
        line.ThrowOnUnknown();
        options.Validate();
        return options;
    }

    private void Validate()
    {
        var problems = new List<string>();
        Load.Validate(problems);
        if (Rounds is < 1 or > 50) problems.Add("--rounds must be 1..50");
        if (Scenarios.Length == 0 || Scenarios.Any(s => s is not ("kill" or "restart" or "cold"))) problems.Add("--scenarios takes cold, kill, restart");
        if (Learn < TimeSpan.Zero || Learn > TimeSpan.FromMinutes(1)) problems.Add("--learn must be in [0, 60]");
        if (Tail < TimeSpan.Zero || Tail > TimeSpan.FromMinutes(1)) problems.Add("--tail must be in [0, 60]");
        if (RecoveryTimeout <= TimeSpan.Zero || RecoveryTimeout > TimeSpan.FromMinutes(10)) problems.Add("--recovery-timeout must be in (0, 600]");
        if (RestartTimeout <= TimeSpan.Zero || RestartTimeout > TimeSpan.FromMinutes(10)) problems.Add("--restart-timeout must be in (0, 600]");
        if (SettleTimeout <= TimeSpan.Zero || SettleTimeout > TimeSpan.FromMinutes(10)) problems.Add("--settle-timeout must be in (0, 600]");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }
    }
}
