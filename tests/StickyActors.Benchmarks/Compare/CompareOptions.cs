namespace StickyActors.Benchmarks.Compare;

/// <summary>The settings of one <c>compare</c> run; every loop they drive is bounded by them.</summary>
internal sealed record CompareOptions(
    RoundsOptions Load,
    int MaxInFlight,
    int Sources,
    int[] IdleLevels,
    string[] Targets,
    double Rate)
{
    public static CompareOptions From(CliArguments line)
    {
        var options = new CompareOptions(
            Load: RoundsOptions.From(line, workers: 2),
            MaxInFlight: line.Int("max-in-flight", 512),
            Sources: line.Int("sources", 1016),
            IdleLevels: line.Ints("idle", [1_000, 10_000, 50_000]),
            Targets: line.String("targets", "AK,A,B,C").ToUpperInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries),
            Rate: line.Double("rate", 0));
        line.ThrowOnUnknown();
        options.Validate();
        return options;
    }

    private void Validate()
    {
        var problems = new List<string>();
        Load.Validate(problems);
        if (MaxInFlight < 1) problems.Add("--max-in-flight must be at least 1");
        if (Sources is < 1 or > 254 * 254) problems.Add("--sources must be 1..64516");
        if (IdleLevels.Any(l => l is < 0 or > 500_000)) problems.Add("--idle levels must be 0..500000");
        if (Targets.Any(t => t is not ("A" or "AK" or "B" or "C"))) problems.Add("--targets takes AK, A, B, C");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }
    }
}
