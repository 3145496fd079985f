namespace StickyActors.Benchmarks.Faults;

/// <summary>Every round of one scenario.</summary>
/// <param name="Key">The JSON key of the scenario.</param>
/// <param name="Title">The report's heading for it.</param>
internal sealed record ScenarioResults(string Key, string Title)
{
    public List<RoundResult> Rounds { get; } = [];
}
