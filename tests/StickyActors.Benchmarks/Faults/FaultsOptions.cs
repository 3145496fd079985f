using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Faults;

/// <summary>The settings of one <c>faults</c> run; every wait they drive is bounded by them.</summary>
internal sealed record FaultsOptions(
    int Workers,
    int Rounds,
    int Connections,
    int Sources,
    string[] Scenarios,
    TimeSpan Learn,
    TimeSpan Tail,
    TimeSpan RequestTimeout,
    TimeSpan RecoveryTimeout,
    TimeSpan RestartTimeout,
    TimeSpan SettleTimeout,
    TimeSpan ReadyTimeout,
    string HelloDll)
{
    /// <summary>The longest one round's load may run, whatever happens.</summary>
    public TimeSpan MaxLoad => TimeSpan.FromSeconds(30) + Learn + Tail + RequestTimeout + (RecoveryTimeout > RestartTimeout ? RecoveryTimeout : RestartTimeout);

    public static FaultsOptions From(CliArguments line)
    {
        var options = new FaultsOptions(
            Workers: line.Int("workers", 2),
            Rounds: line.Int("rounds", 3),
            Connections: line.Int("connections", 32),
            Sources: line.Int("sources", 508),
            Scenarios: line.String("scenarios", "kill,restart").ToLowerInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries),
            Learn: TimeSpan.FromSeconds(line.Double("learn", 1)),
            Tail: TimeSpan.FromSeconds(line.Double("tail", 1)),
            RequestTimeout: TimeSpan.FromSeconds(line.Double("request-timeout", 5)),
            RecoveryTimeout: TimeSpan.FromSeconds(line.Double("recovery-timeout", 30)),
            RestartTimeout: TimeSpan.FromSeconds(line.Double("restart-timeout", 120)),
            SettleTimeout: TimeSpan.FromSeconds(line.Double("settle-timeout", 90)),
            ReadyTimeout: TimeSpan.FromSeconds(line.Double("ready-timeout", 60)),
            HelloDll: line.String("hello", ServerLauncher.DefaultHelloDll));
        line.ThrowOnUnknown();
        options.Validate();
        return options;
    }

    private void Validate()
    {
        var problems = new List<string>();
        if (Workers is < 1 or > 64) problems.Add("--workers must be 1..64");
        if (Rounds is < 1 or > 50) problems.Add("--rounds must be 1..50");
        if (Connections is < 1 or > 4096) problems.Add("--connections must be 1..4096");
        if (Sources is < 1 or > 254 * 254) problems.Add("--sources must be 1..64516");
        if (Scenarios.Length == 0 || Scenarios.Any(s => s is not ("kill" or "restart" or "cold"))) problems.Add("--scenarios takes cold, kill, restart");
        if (Learn < TimeSpan.Zero || Learn > TimeSpan.FromMinutes(1)) problems.Add("--learn must be in [0, 60]");
        if (Tail < TimeSpan.Zero || Tail > TimeSpan.FromMinutes(1)) problems.Add("--tail must be in [0, 60]");
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(1)) problems.Add("--request-timeout must be in (0, 60]");
        if (RecoveryTimeout <= TimeSpan.Zero || RecoveryTimeout > TimeSpan.FromMinutes(10)) problems.Add("--recovery-timeout must be in (0, 600]");
        if (RestartTimeout <= TimeSpan.Zero || RestartTimeout > TimeSpan.FromMinutes(10)) problems.Add("--restart-timeout must be in (0, 600]");
        if (SettleTimeout <= TimeSpan.Zero || SettleTimeout > TimeSpan.FromMinutes(10)) problems.Add("--settle-timeout must be in (0, 600]");
        if (ReadyTimeout <= TimeSpan.Zero || ReadyTimeout > TimeSpan.FromMinutes(10)) problems.Add("--ready-timeout must be in (0, 600]");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }
    }
}
