using System.Globalization;
using System.Text.Json;

namespace StickyActors.Benchmarks.Compare;

/// <summary>
/// The figures part of a side-by-side report, shared by the commands that compare servers: one row
/// per metric with a column per server and per ratio, the min / median / max lines, and the same
/// figures as JSON.
/// </summary>
internal static class ResultTable
{
    private const int LabelWidth = 46;
    private const int ColumnWidth = 14;
    private const int RatioWidth = 8;

    public static void Write(TextWriter output, IReadOnlyList<Metric> rows, IReadOnlyList<TargetResults> results, IReadOnlyList<RatioPair> pairs)
    {
        var ratioWidths = pairs.Select(p => Math.Max(RatioWidth, p.Label.Length + 2)).ToArray();
        var header = "metric".PadRight(LabelWidth) + string.Concat(results.Select(r => r.Key.PadLeft(ColumnWidth)))
            + string.Concat(pairs.Select((p, i) => p.Label.PadLeft(ratioWidths[i])));
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var row in rows)
        {
            var line = row.Label.PadRight(LabelWidth) + string.Concat(results.Select(r => Cell(Value(r, row), row.Format).PadLeft(ColumnWidth)));
            if (row.Compared)
            {
                line += string.Concat(pairs.Select((p, i) => Ratio(Value(p.Numerator, row), Value(p.Denominator, row)).PadLeft(ratioWidths[i])));
            }

            output.WriteLine(line);
        }
    }

    /// <summary>For each of <paramref name="rows"/>: its label, then per server the min, median and max over rounds.</summary>
    public static void WriteSpread(TextWriter output, IEnumerable<Metric> rows, IReadOnlyList<TargetResults> results)
    {
        var keyWidth = Math.Max(3, results.Max(r => r.Key.Length));
        output.WriteLine("min / median / max over rounds");
        foreach (var row in rows)
        {
            output.WriteLine(row.Label);
            foreach (var r in results.Where(r => !double.IsNaN(r.Median(row.Key))))
            {
                output.WriteLine($"  {r.Key.PadRight(keyWidth)} {Cell(r.Min(row.Key), row.Format),10} {Cell(r.Median(row.Key), row.Format),10} {Cell(r.Max(row.Key), row.Format),10}");
            }
        }
    }

    /// <summary>
    /// Writes <c>"results": {key: {name, row values, extra}}</c> and, per ratio pair, its ratios of the
    /// compared rows; NaN is written as null.
    /// </summary>
    public static void WriteJson(Utf8JsonWriter json, IReadOnlyList<Metric> rows, IReadOnlyList<TargetResults> results, IReadOnlyList<RatioPair> pairs,
        Action<Utf8JsonWriter, TargetResults>? extra = null)
    {
        json.WriteStartObject("results");
        foreach (var result in results)
        {
            json.WriteStartObject(result.Key);
            json.WriteString("name", result.Name);
            WriteRows(json, rows, row => Value(result, row));
            extra?.Invoke(json, result);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        foreach (var pair in pairs)
        {
            json.WriteStartObject(pair.JsonKey);
            WriteRows(json, [.. rows.Where(r => r.Compared)], row => Value(pair.Denominator, row) is var v && v != 0 ? Value(pair.Numerator, row) / v : double.NaN);
            json.WriteEndObject();
        }
    }

    /// <summary>One JSON object on one line, its properties written by <paramref name="write"/>.</summary>
    public static string JsonLine(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The row's figure for one server: the median over rounds, or the sum for a summed row.</summary>
    public static double Value(TargetResults results, Metric row) => row.Summed ? results.Sum(row.Key) : results.Median(row.Key);

    public static string Cell(double value, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    public static void WriteNumber(Utf8JsonWriter json, string key, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            json.WriteNull(key);
        }
        else
        {
            json.WriteNumber(key, Math.Round(value, 6));
        }
    }

    private static string Ratio(double a, double other) =>
        double.IsNaN(a) || double.IsNaN(other) || other == 0 ? "n/a" : (a / other).ToString("0.00", CultureInfo.InvariantCulture);

    private static void WriteRows(Utf8JsonWriter json, IReadOnlyList<Metric> rows, Func<Metric, double> value)
    {
        foreach (var row in rows)
        {
            WriteNumber(json, row.Key, value(row));
        }
    }
}
