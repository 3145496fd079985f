using System.Globalization;

namespace StickyActors.Configuration;

/// <summary>Reads a duration written as a <see cref="TimeSpan"/> (<c>00:00:30</c>) or the HOCON way (<c>30s</c>, <c>500ms</c>, <c>2m</c>).</summary>
internal static class DurationText
{
    private static readonly (string Unit, double Milliseconds)[] s_units =
        [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];

    public static bool TryParse(string text, out TimeSpan value)
    {
        var trimmed = text.Trim();
        if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        foreach (var (unit, milliseconds) in s_units)
        {
            if (trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(trimmed.AsSpan(0, trimmed.Length - unit.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && double.IsFinite(amount))
            {
                value = TimeSpan.FromMilliseconds(amount * milliseconds);
                return true;
            }
        }

        return false;
    }
}
