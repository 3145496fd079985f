using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Compare;

/// <summary>The settings of one <c>compare</c> run; every loop they drive is bounded by them.</summary>
internal sealed record CompareOptions(
    int Workers,
    int Rounds,
    TimeSpan RoundDuration,
    TimeSpan Warmup,
    int Concurrency,
    int KeepAliveConnections,
    int MaxInFlight,
    int Threads,
    int Sources,
    int[] IdleLevels,
    string[] Targets,
    string HelloDll,
    double Rate,
    TimeSpan ReadyTimeout)
{
    public static CompareOptions From(CliArguments line)
    {
        var options = new CompareOptions(
            Workers: line.Int("workers", 2),
            Rounds: line.Int("rounds", 5),
            RoundDuration: TimeSpan.FromSeconds(line.Double("seconds", 2)),
            Warmup: TimeSpan.FromSeconds(line.Double("warmup", 1)),
            Concurrency: line.Int("concurrency", 64),
            KeepAliveConnections: line.Int("connections", 64),
            MaxInFlight: line.Int("max-in-flight", 512),
            Threads: line.Int("threads", 1),
            Sources: line.Int("sources", 1016),
            IdleLevels: line.Ints("idle", [1_000, 10_000, 50_000]),
            Targets: line.String("targets", "AK,A,B,C").ToUpperInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries),
            HelloDll: line.String("hello", ServerLauncher.DefaultHelloDll),
            Rate: line.Double("rate", 0),
            ReadyTimeout: TimeSpan.FromSeconds(line.Double("ready-timeout", 60)));
        line.ThrowOnUnknown();
        options.Validate();
        return options;
    }

    private void Validate()
    {
        var problems = new List<string>();
        if (Workers < 1) problems.Add("--workers must be at least 1");
        if (Rounds is < 1 or > 100) problems.Add("--rounds must be 1..100");
        if (RoundDuration <= TimeSpan.Zero || RoundDuration > TimeSpan.FromMinutes(5)) problems.Add("--seconds must be in (0, 300]");
        if (Warmup < TimeSpan.Zero || Warmup > TimeSpan.FromMinutes(1)) problems.Add("--warmup must be in [0, 60]");
        if (Concurrency < 1 || KeepAliveConnections < 1 || MaxInFlight < 1) problems.Add("--concurrency, --connections, --max-in-flight must be at least 1");
        if (Threads < 1) problems.Add("--threads must be at least 1");
        if (Sources is < 1 or > 254 * 254) problems.Add("--sources must be 1..64516");
        if (IdleLevels.Any(l => l is < 0 or > 500_000)) problems.Add("--idle levels must be 0..500000");
        if (Targets.Any(t => t is not ("A" or "AK" or "B" or "C"))) problems.Add("--targets takes AK, A, B, C");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }
    }
}
