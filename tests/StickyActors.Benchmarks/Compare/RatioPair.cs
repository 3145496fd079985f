namespace StickyActors.Benchmarks.Compare;

/// <summary>A ratio column of the report: one server's figures over another's.</summary>
internal sealed record RatioPair(TargetResults Numerator, TargetResults Denominator)
{
    /// <summary>The column header, e.g. <c>A/B</c>.</summary>
    public string Label => $"{Numerator.Key}/{Denominator.Key}";

    /// <summary>The machine-readable key, e.g. <c>ratioAToB</c>.</summary>
    public string JsonKey => $"ratio{Capitalized(Numerator.Key)}To{Capitalized(Denominator.Key)}";

    private static string Capitalized(string key) => key.Length == 0 ? key : char.ToUpperInvariant(key[0]) + key[1..];
}
