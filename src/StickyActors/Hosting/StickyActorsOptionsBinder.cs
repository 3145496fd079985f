using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using StickyActors.Configuration;

namespace StickyActors.Hosting;

/// <summary>
/// Binds the <c>StickyActors</c> configuration section onto <see cref="StickyActorsOptions"/>,
/// collecting one problem per bad value or unknown key (with the nearest option name as a hint)
/// instead of stopping at the first, so the start can name every bad key at once.
/// </summary>
internal static class StickyActorsOptionsBinder
{
    private static readonly PropertyInfo[] s_properties = typeof(StickyActorsOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .ToArray();

    /// <summary>Sets every option the section names; returns one problem per key it could not use.</summary>
    public static IReadOnlyList<string> Bind(IConfigurationSection section, StickyActorsOptions options)
    {
        var problems = new List<string>();
        foreach (var child in section.GetChildren())
        {
            var property = Array.Find(s_properties, p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                problems.Add($"{child.Path}: is not a StickyActors option{Hint(child.Key)}");
                continue;
            }

            if (Convert(child, property.PropertyType, out var value) is { } problem)
            {
                problems.Add($"{child.Path}: {problem}");
                continue;
            }

            property.SetValue(options, value);
        }

        return problems;
    }

    /// <summary>Converts a section's value to <paramref name="type"/>; returns why it cannot, or null.</summary>
    private static string? Convert(IConfigurationSection child, Type type, out object? value)
    {
        value = null;
        if (type == typeof(IList<string>))
        {
            var items = child.GetChildren().ToList();
            if (items.Count == 0 && !string.IsNullOrEmpty(child.Value))
            {
                return $"must be a list (StickyActors:{child.Key}:0, :1 …), was '{child.Value}'";
            }

            value = items.OrderBy(i => int.TryParse(i.Key, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue).Select(i => i.Value ?? string.Empty).ToList();
            return null;
        }

        var raw = child.Value;
        if (raw is null)
        {
            return "must be a single value, not a section";
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            value = raw;
        }
        else if (target == typeof(int))
        {
            value = int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        else if (target == typeof(ulong))
        {
            value = ulong.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        else if (target == typeof(double))
        {
            value = double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        else if (target == typeof(bool))
        {
            value = raw.ToLowerInvariant() switch
            {
                "true" or "on" or "yes" => true,
                "false" or "off" or "no" => false,
                _ => null,
            };
        }
        else if (target == typeof(TimeSpan))
        {
            value = DurationText.TryParse(raw, out var span) ? span : null;
        }
        else if (target.IsEnum)
        {
            value = Enum.TryParse(target, raw.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var member)
                && Enum.IsDefined(target, member!) && !raw.Any(char.IsDigit)
                    ? member
                    : null;
        }

        return value is not null ? null : $"must be {Expected(target)}, was '{raw}'";
    }

    private static string Expected(Type type) =>
        type == typeof(int) ? "a whole number"
        : type == typeof(ulong) ? "a non-negative whole number"
        : type == typeof(double) ? "a number such as 0.5"
        : type == typeof(bool) ? "true or false"
        : type == typeof(TimeSpan) ? "a duration such as 00:00:30, 30s or 500ms"
        : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type))
        : "a " + type.Name;

    private static string Hint(string key)
    {
        var containing = s_properties.Where(p => p.Name.Contains(key, StringComparison.OrdinalIgnoreCase)).MinBy(p => p.Name.Length);
        if (containing is not null && key.Length >= 3)
        {
            return $" (did you mean {containing.Name}?)";
        }

        var nearest = s_properties.MinBy(p => Distance(p.Name.ToUpperInvariant(), key.ToUpperInvariant()))!;
        return Distance(nearest.Name.ToUpperInvariant(), key.ToUpperInvariant()) <= Math.Max(2, key.Length / 3)
            ? $" (did you mean {nearest.Name}?)"
            : " (see StickyActorsOptions for the option names)";
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
