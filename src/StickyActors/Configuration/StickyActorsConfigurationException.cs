namespace StickyActors.Configuration;

/// <summary>Thrown when the configuration has bad values; <see cref="Problems"/> names every bad key.</summary>
public sealed class StickyActorsConfigurationException : Exception
{
    /// <summary>Creates the exception from the list of problems, one per bad key.</summary>
    /// <param name="problems">One message per bad key.</param>
    public StickyActorsConfigurationException(IReadOnlyList<string> problems)
        : base(Format(problems))
    {
        Problems = problems;
    }

    /// <summary>One message per bad key, each starting with the full key.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Format(IReadOnlyList<string> problems) =>
        $"StickyActors configuration is invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):"
        + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
}
