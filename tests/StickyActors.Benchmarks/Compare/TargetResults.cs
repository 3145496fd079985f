using StickyActors.Benchmarks.Measure;

namespace StickyActors.Benchmarks.Compare;

/// <summary>Every value measured for one server, by metric key, one value per round.</summary>
internal sealed class TargetResults(string key, string name)
{
    private readonly Dictionary<string, List<double>> _values = [];

    public string Key => key;

    public string Name => name;

    public void Add(string metric, double value)
    {
        if (!_values.TryGetValue(metric, out var list))
        {
            _values[metric] = list = [];
        }

        list.Add(value);
    }

    /// <summary>The median over rounds, or NaN if the metric was not measured for this server.</summary>
    public double Median(string metric) => _values.TryGetValue(metric, out var list) ? Stats.Median(list) : double.NaN;

    /// <summary>The smallest value over rounds, or NaN if never measured.</summary>
    public double Min(string metric) => _values.TryGetValue(metric, out var list) && list.Count > 0 ? list.Min() : double.NaN;

    /// <summary>The largest value over rounds, or NaN if never measured.</summary>
    public double Max(string metric) => _values.TryGetValue(metric, out var list) && list.Count > 0 ? list.Max() : double.NaN;

    /// <summary>The sum over rounds (for counts such as errors), or NaN if never measured.</summary>
    public double Sum(string metric) => _values.TryGetValue(metric, out var list) ? list.Sum() : double.NaN;
}
