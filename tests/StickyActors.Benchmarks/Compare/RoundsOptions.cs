using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Compare;

/// <summary>
/// The settings the <c>compare</c> and <c>forward</c> commands share: the Hello workers they start
/// and the timed rounds of counted load (1 req/conn, keep-alive) they drive at each server.
/// </summary>
internal sealed record RoundsOptions(
    int Workers,
    int Rounds,
    TimeSpan RoundDuration,
    TimeSpan Warmup,
    int Concurrency,
    int KeepAliveConnections,
    int Threads,
    string HelloDll,
    TimeSpan ReadyTimeout)
{
    public static RoundsOptions From(CliArguments line, int workers) => new(
        Workers: line.Int("workers", workers),
        Rounds: line.Int("rounds", 5),
        RoundDuration: TimeSpan.FromSeconds(line.Double("seconds", 2)),
        Warmup: TimeSpan.FromSeconds(line.Double("warmup", 1)),
        Concurrency: line.Int("concurrency", 64),
        KeepAliveConnections: line.Int("connections", 64),
        Threads: line.Int("threads", 1),
        HelloDll: line.String("hello", ServerLauncher.DefaultHelloDll),
        ReadyTimeout: TimeSpan.FromSeconds(line.Double("ready-timeout", 60)));

    /// <summary>Adds a problem for each bad setting.</summary>
    public void Validate(List<string> problems)
    {
        if (Workers is < 1 or > 64) problems.Add("--workers must be 1..64");
        if (Rounds is < 1 or > 100) problems.Add("--rounds must be 1..100");
        if (RoundDuration <= TimeSpan.Zero || RoundDuration > TimeSpan.FromMinutes(5)) problems.Add("--seconds must be in (0, 300]");
        if (Warmup < TimeSpan.Zero || Warmup > TimeSpan.FromMinutes(1)) problems.Add("--warmup must be in [0, 60]");
        if (Concurrency < 1 || KeepAliveConnections < 1) problems.Add("--concurrency and --connections must be at least 1");
        if (Threads < 1) problems.Add("--threads must be at least 1");
        if (ReadyTimeout <= TimeSpan.Zero || ReadyTimeout > TimeSpan.FromMinutes(10)) problems.Add("--ready-timeout must be in (0, 600]");
    }

    /// <summary>These settings as command-line options, each spelled out.</summary>
    public string CommandLine()
    {
        var hello = HelloDll == ServerLauncher.DefaultHelloDll ? string.Empty : $" --hello {HelloDll}";
        return FormattableString.Invariant(
            $"--workers {Workers} --rounds {Rounds} --seconds {RoundDuration.TotalSeconds} --warmup {Warmup.TotalSeconds} --concurrency {Concurrency} ")
            + FormattableString.Invariant($"--connections {KeepAliveConnections} --threads {Threads} --ready-timeout {ReadyTimeout.TotalSeconds}{hello}");
    }
}
