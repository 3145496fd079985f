namespace StickyActors.Benchmarks.Compare;

/// <summary>One row of the report: its key in the machine-readable block, its label and number format.</summary>
/// <param name="Key">The JSON key.</param>
/// <param name="Label">The table label, with its unit.</param>
/// <param name="Format">A .NET numeric format for the table.</param>
/// <param name="Summed">Summed over rounds (counts) instead of the median.</param>
/// <param name="Compared">Whether the ratios A/B and A/C mean anything for this row.</param>
internal sealed record Metric(string Key, string Label, string Format, bool Summed = false, bool Compared = true);
