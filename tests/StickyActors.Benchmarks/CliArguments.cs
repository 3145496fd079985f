using System.Globalization;

namespace StickyActors.Benchmarks;

/// <summary>
/// <c>--name value</c> pairs after the command word, read on demand with a default. Unknown names
/// are reported, so a typo does not silently run the defaults.
/// </summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    public CliArguments(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            }

            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            _values[args[i][2..]] = hasValue ? args[++i] : "true";
        }
    }

    public int Int(string name, int fallback) =>
        Get(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        Get(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => Get(name) ?? fallback;

    public int[] Ints(string name, int[] fallback) =>
        Get(name) is { } text
            ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture))]
            : fallback;

    /// <summary>Throws naming every option that no setting asked for.</summary>
    public void ThrowOnUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException("Unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)));
        }
    }

    private string? Get(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var value) ? value : null;
    }
}
