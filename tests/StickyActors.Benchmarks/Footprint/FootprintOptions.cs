using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Footprint;

/// <summary>The settings of one <c>footprint</c> run; every wait they drive is bounded by them.</summary>
internal sealed record FootprintOptions(
    int Workers,
    TimeSpan Settle,
    TimeSpan Window,
    int Samples,
    int Rounds,
    int Probes,
    string HelloDll,
    TimeSpan ReadyTimeout)
{
    public static FootprintOptions From(CliArguments line)
    {
        var options = new FootprintOptions(
            Workers: line.Int("workers", 2),
            Settle: TimeSpan.FromSeconds(line.Double("settle", 40)),
            Window: TimeSpan.FromSeconds(line.Double("window", 10)),
            Samples: line.Int("samples", 3),
            Rounds: line.Int("rounds", 5),
            Probes: line.Int("probes", 8),
            HelloDll: line.String("hello", ServerLauncher.DefaultHelloDll),
            ReadyTimeout: TimeSpan.FromSeconds(line.Double("ready-timeout", 60)));
        line.ThrowOnUnknown();
        var problems = new List<string>();
        if (options.Workers < 1) problems.Add("--workers must be at least 1");
        if (options.Settle < TimeSpan.Zero || options.Settle > TimeSpan.FromMinutes(10)) problems.Add("--settle must be in [0, 600]");
        if (options.Window <= TimeSpan.Zero || options.Window > TimeSpan.FromMinutes(5)) problems.Add("--window must be in (0, 300]");
        if (options.Samples is < 1 or > 100 || options.Rounds is < 0 or > 100) problems.Add("--samples must be 1..100, --rounds 0..100");
        if (options.Probes is < 1 or > 256) problems.Add("--probes must be 1..256");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }

        return options;
    }
}
