using System.Globalization;
using System.Text.Json;

namespace StickyActors.Benchmarks.Compare;

/// <summary>Prints the side-by-side table, the ratios A/B and A/C, then one machine-readable JSON line.</summary>
internal static class ReportWriter
{
    private const int LabelWidth = 46;
    private const int ColumnWidth = 14;

    public static void Write(TextWriter output, CompareOptions options, RunInfo info, IReadOnlyList<TargetResults> results)
    {
        var rows = Metrics.Rows(options);
        var pairs = RatioPairs(results);
        output.WriteLine();
        output.WriteLine($"StickyActors side-by-side benchmark, {info.Started:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"cores {info.Cores}, workers {options.Workers}, {info.Runtime}, ulimit -n {info.FileLimit} (servers inherit it)");
        output.WriteLine($"{options.Rounds} rounds × {options.RoundDuration.TotalSeconds:0.##} s, medians; clients {info.SourceRange}, {options.Threads} load thread(s), "
            + $"{options.Concurrency} concurrent for 1 req/conn, latency paced at {info.LatencyRate:N0}/s");
        output.WriteLine(string.Join(", ", results.Select(r => $"{r.Key} = {r.Name}")));
        output.WriteLine($"load average (1, 5, 15 min) at start {info.LoadAverageBefore}, at end {info.LoadAverageAfter}: "
            + "above the core count, other processes shared the machine");
        if (info.SkippedIdleLevels.Length > 0)
        {
            output.WriteLine($"idle levels not run, ulimit -n too low: {string.Join(", ", info.SkippedIdleLevels.Select(l => l.ToString("N0", CultureInfo.InvariantCulture)))}");
        }

        output.WriteLine();
        var header = "metric".PadRight(LabelWidth) + string.Concat(results.Select(r => r.Key.PadLeft(ColumnWidth)))
            + string.Concat(pairs.Select(p => $"{p.Sticky.Key}/{p.Other.Key}".PadLeft(8)));
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var row in rows)
        {
            var line = row.Label.PadRight(LabelWidth) + string.Concat(results.Select(r => Cell(Value(r, row), row.Format).PadLeft(ColumnWidth)));
            if (row.Compared)
            {
                line += string.Concat(pairs.Select(p => Ratio(Value(p.Sticky, row), Value(p.Other, row)).PadLeft(8)));
            }

            output.WriteLine(line);
        }

        output.WriteLine();
        output.WriteLine("min / median / max over rounds");
        foreach (var row in rows.Where(r => r.Key is Metrics.ConnPerSec or Metrics.KeepAliveReqPerSec or Metrics.MasterCpuPerConnection))
        {
            output.WriteLine(row.Label);
            foreach (var r in results)
            {
                output.WriteLine($"  {r.Key,-3} {Cell(r.Min(row.Key), row.Format),10} {Cell(r.Median(row.Key), row.Format),10} {Cell(r.Max(row.Key), row.Format),10}");
            }
        }

        output.WriteLine();
        output.WriteLine("--- machine-readable ---");
        output.WriteLine(Json(options, info, results, rows));
    }

    /// <summary>Each StickyActors variant (AK, A) against every other server, AK also against A.</summary>
    private static (TargetResults Sticky, TargetResults Other)[] RatioPairs(IReadOnlyList<TargetResults> results) =>
        [.. results.Where(s => s.Key is "AK" or "A").SelectMany(s => results.Where(o => o.Key != s.Key && !(s.Key == "A" && o.Key == "AK")).Select(o => (s, o)))];

    private static double Value(TargetResults results, Metric row) => row.Summed ? results.Sum(row.Key) : results.Median(row.Key);

    private static string Cell(double value, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Ratio(double a, double other) =>
        double.IsNaN(a) || double.IsNaN(other) || other == 0 ? "n/a" : (a / other).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Json(CompareOptions options, RunInfo info, IReadOnlyList<TargetResults> results, IReadOnlyList<Metric> rows)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("date", info.Started);
            json.WriteNumber("cores", info.Cores);
            json.WriteNumber("workers", options.Workers);
            json.WriteNumber("rounds", options.Rounds);
            json.WriteNumber("roundSeconds", options.RoundDuration.TotalSeconds);
            json.WriteNumber("fileLimit", info.FileLimit);
            json.WriteString("runtime", info.Runtime);
            json.WriteString("loadAverageBefore", info.LoadAverageBefore);
            json.WriteString("loadAverageAfter", info.LoadAverageAfter);
            json.WriteStartObject("results");
            foreach (var result in results)
            {
                json.WriteStartObject(result.Key);
                json.WriteString("name", result.Name);
                WriteRows(json, rows, row => Value(result, row));
                foreach (var idle in options.IdleLevels)
                {
                    WriteNumber(json, Metrics.IdleOpen(idle), result.Median(Metrics.IdleOpen(idle)));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            foreach (var (sticky, other) in RatioPairs(results))
            {
                json.WriteStartObject($"ratio{sticky.Key}To{other.Key}");
                WriteRows(json, [.. rows.Where(r => r.Compared)], row => Value(other, row) is var v && v != 0 ? Value(sticky, row) / v : double.NaN);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteRows(Utf8JsonWriter json, IReadOnlyList<Metric> rows, Func<Metric, double> value)
    {
        foreach (var row in rows)
        {
            WriteNumber(json, row.Key, value(row));
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string key, double value)
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
}
