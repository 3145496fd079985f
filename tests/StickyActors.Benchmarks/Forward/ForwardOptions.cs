using System.Globalization;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Forward;

/// <summary>The settings of one <c>forward</c> run; every loop they drive is bounded by them.</summary>
internal sealed record ForwardOptions(
    int Workers,
    int Rounds,
    TimeSpan RoundDuration,
    TimeSpan Warmup,
    int Concurrency,
    int KeepAliveConnections,
    int Threads,
    int Sources,
    int ForwardThreads,
    string HelloDll,
    TimeSpan ReadyTimeout)
{
    public static ForwardOptions From(CliArguments line)
    {
        var options = new ForwardOptions(
            Workers: line.Int("workers", 1),
            Rounds: line.Int("rounds", 5),
            RoundDuration: TimeSpan.FromSeconds(line.Double("seconds", 3)),
            Warmup: TimeSpan.FromSeconds(line.Double("warmup", 1)),
            Concurrency: line.Int("concurrency", 64),
            KeepAliveConnections: line.Int("connections", 64),
            Threads: line.Int("threads", 1),
            Sources: line.Int("sources", 256),
            ForwardThreads: line.Int("forward-threads", 1),
            HelloDll: line.String("hello", ServerLauncher.DefaultHelloDll),
            ReadyTimeout: TimeSpan.FromSeconds(line.Double("ready-timeout", 90)));
        line.ThrowOnUnknown();
        options.Validate();
        return options;
    }

    /// <summary>The command line that repeats this run, every setting spelled out.</summary>
    public string CommandLine()
    {
        var hello = HelloDll == ServerLauncher.DefaultHelloDll ? string.Empty : $" --hello {HelloDll}";
        return string.Create(CultureInfo.InvariantCulture,
            $"dotnet run -c Release --project tests/StickyActors.Benchmarks -- forward --workers {Workers} --rounds {Rounds} --seconds {RoundDuration.TotalSeconds} "
            + $"--warmup {Warmup.TotalSeconds} --concurrency {Concurrency} --connections {KeepAliveConnections} --threads {Threads} --sources {Sources} "
            + $"--forward-threads {ForwardThreads} --ready-timeout {ReadyTimeout.TotalSeconds}{hello}");
    }

    private void Validate()
    {
        var problems = new List<string>();
        if (Workers is < 1 or > 64) problems.Add("--workers must be 1..64");
        if (Rounds is < 1 or > 100) problems.Add("--rounds must be 1..100");
        if (RoundDuration <= TimeSpan.Zero || RoundDuration > TimeSpan.FromMinutes(5)) problems.Add("--seconds must be in (0, 300]");
        if (Warmup < TimeSpan.Zero || Warmup > TimeSpan.FromMinutes(1)) problems.Add("--warmup must be in [0, 60]");
        if (Concurrency < 1 || KeepAliveConnections < 1) problems.Add("--concurrency and --connections must be at least 1");
        if (Threads < 1) problems.Add("--threads must be at least 1");
        if (Sources is < 1 or > OwnedSources.MaxSources) problems.Add($"--sources must be 1..{OwnedSources.MaxSources}");
        if (ForwardThreads is < 1 or > 64) problems.Add("--forward-threads must be 1..64");
        if (ReadyTimeout <= TimeSpan.Zero) problems.Add("--ready-timeout must be positive");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }
    }
}
