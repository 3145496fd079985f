using StickyActors.Benchmarks.Compare;

namespace StickyActors.Benchmarks.Forward;

/// <summary>The settings of one <c>forward</c> run; every loop they drive is bounded by them.</summary>
internal sealed record ForwardOptions(RoundsOptions Load, int Sources, int ForwardThreads)
{
    public static ForwardOptions From(CliArguments line)
    {
        var options = new ForwardOptions(
            Load: RoundsOptions.From(line, workers: 1),
            Sources: line.Int("sources", 256),
            ForwardThreads: line.Int("forward-threads", 1));
        line.ThrowOnUnknown();
        options.Validate();
        return options;
    }

    /// <summary>The command line that repeats this run, every setting spelled out.</summary>
    public string CommandLine() =>
        $"dotnet run -c Release --project tests/StickyActors.Benchmarks -- forward {Load.CommandLine()} "
        + FormattableString.Invariant($"--sources {Sources} --forward-threads {ForwardThreads}");

    private void Validate()
    {
        var problems = new List<string>();
        Load.Validate(problems);
        if (Sources is < 1 or > OwnedSources.MaxSources) problems.Add($"--sources must be 1..{OwnedSources.MaxSources}");
        if (ForwardThreads is < 1 or > 64) problems.Add("--forward-threads must be 1..64");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }
    }
}
