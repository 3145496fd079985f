using StickyActors.Benchmarks.Compare;

namespace StickyActors.Benchmarks.Forward;

/// <summary>The settings of one <c>forward</c> run; every loop they drive is bounded by them.</summary>
internal sealed record ForwardOptions(RoundsOptions Load, int Sources, int ForwardThreads, string Placement)
{
    /// <summary>The <c>--placement</c> that measures <see cref="CpuPlacement.Shared"/>, then <see cref="CpuPlacement.PerHost"/>, in one run.</summary>
    public const string Both = "both";

    /// <summary>The CPU placements this run measures, in order.</summary>
    public IReadOnlyList<CpuPlacement> Placements => Placement switch
    {
        Both => [CpuPlacement.Shared, CpuPlacement.PerHost],
        "shared" => [CpuPlacement.Shared],
        _ => [CpuPlacement.PerHost],
    };

    public static ForwardOptions From(CliArguments line)
    {
        var options = new ForwardOptions(
            Load: RoundsOptions.From(line, workers: 1),
            Sources: line.Int("sources", 256),
            ForwardThreads: line.Int("forward-threads", 1),
            Placement: line.String("placement", Both));
        line.ThrowOnUnknown();
        options.Validate();
        return options;
    }

    /// <summary>The command line that repeats this run, every setting spelled out.</summary>
    public string CommandLine() =>
        $"dotnet run -c Release --project tests/StickyActors.Benchmarks -- forward {Load.CommandLine()} "
        + FormattableString.Invariant($"--sources {Sources} --forward-threads {ForwardThreads} --placement {Placement}");

    private void Validate()
    {
        var problems = new List<string>();
        Load.Validate(problems);
        if (Sources is < 1 or > OwnedSources.MaxSources) problems.Add($"--sources must be 1..{OwnedSources.MaxSources}");
        if (ForwardThreads is < 1 or > 64) problems.Add("--forward-threads must be 1..64");
        if (Placement is not (Both or "shared" or "per-host")) problems.Add("--placement must be both, shared or per-host");
        if (Placement != "shared" && Environment.ProcessorCount < 2) problems.Add("--placement per-host needs at least 2 cores (use --placement shared)");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }
    }
}
