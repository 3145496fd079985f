namespace StickyActors.Benchmarks.Faults;

/// <summary>One row of the faults report.</summary>
/// <param name="Key">The JSON key.</param>
/// <param name="Label">The table label, with its unit and, where there is one, the promise.</param>
/// <param name="Format">A .NET numeric format for the table.</param>
/// <param name="HasMedian">False for identities (which worker, which pid), shown per round only.</param>
internal sealed record FaultMetric(string Key, string Label, string Format = "0", bool HasMedian = true);
