namespace StickyActors.Benchmarks.Faults;

/// <summary>What one round of one scenario measured: numbers in report order, and failures by group.</summary>
internal sealed class RoundResult
{
    private readonly List<(FaultMetric Metric, double Value)> _values = [];
    private readonly List<(string Key, string Label, FailureCounts Counts)> _failures = [];

    public IReadOnlyList<(FaultMetric Metric, double Value)> Values => _values;

    public IReadOnlyList<(string Key, string Label, FailureCounts Counts)> Failures => _failures;

    public void Add(FaultMetric metric, double value) => _values.Add((metric, value));

    public void AddFailures(string key, string label, FailureCounts counts) => _failures.Add((key, label, counts));

    /// <summary>The value recorded under <paramref name="key"/>, or NaN.</summary>
    public double Value(string key) => _values.FirstOrDefault(v => v.Metric.Key == key) is { Metric: not null } found ? found.Value : double.NaN;
}
