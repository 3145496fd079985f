namespace StickyActors.Benchmarks.Measure;

/// <summary>Medians of round results; NaN stands for "not measured".</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
