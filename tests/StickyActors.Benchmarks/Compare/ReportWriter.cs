using System.Globalization;

namespace StickyActors.Benchmarks.Compare;

/// <summary>Prints the side-by-side table, the ratios A/B and A/C, then one machine-readable JSON line.</summary>
internal static class ReportWriter
{
    public static void Write(TextWriter output, CompareOptions options, RunInfo info, IReadOnlyList<TargetResults> results)
    {
        var rows = Metrics.Rows(options);
        var pairs = RatioPairs(results);
        output.WriteLine();
        output.WriteLine($"StickyActors side-by-side benchmark, {info.Started:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"cores {info.Cores}, workers {options.Load.Workers}, {info.Runtime}, ulimit -n {info.FileLimit} (servers inherit it)");
        output.WriteLine($"{options.Load.Rounds} rounds × {options.Load.RoundDuration.TotalSeconds:0.##} s, medians; clients {info.SourceRange}, {options.Load.Threads} load thread(s), "
            + $"{options.Load.Concurrency} concurrent for 1 req/conn, latency paced at {info.LatencyRate:N0}/s");
        output.WriteLine(string.Join(", ", results.Select(r => $"{r.Key} = {r.Name}")));
        output.WriteLine(info.LoadAverageLine);
        if (info.SkippedIdleLevels.Length > 0)
        {
            output.WriteLine($"idle levels not run, ulimit -n too low: {string.Join(", ", info.SkippedIdleLevels.Select(l => l.ToString("N0", CultureInfo.InvariantCulture)))}");
        }

        output.WriteLine();
        ResultTable.Write(output, rows, results, pairs);
        output.WriteLine();
        ResultTable.WriteSpread(output, rows.Where(r => r.Key is Metrics.ConnPerSec or Metrics.KeepAliveReqPerSec or Metrics.ServerCpuPerPacedConnection or Metrics.MasterCpuPerConnection), results);
        output.WriteLine();
        output.WriteLine("--- machine-readable ---");
        output.WriteLine(Json(options, info, results, rows, pairs));
    }

    /// <summary>Each StickyActors variant (AK, A) against every other server, AK also against A.</summary>
    private static RatioPair[] RatioPairs(IReadOnlyList<TargetResults> results) =>
        [.. results.Where(s => s.Key is "AK" or "A").SelectMany(s => results.Where(o => o.Key != s.Key && !(s.Key == "A" && o.Key == "AK")).Select(o => new RatioPair(s, o)))];

    private static string Json(CompareOptions options, RunInfo info, IReadOnlyList<TargetResults> results, IReadOnlyList<Metric> rows, IReadOnlyList<RatioPair> pairs) =>
        ResultTable.JsonLine(json =>
        {
            info.WriteJson(json);
            json.WriteNumber("workers", options.Load.Workers);
            json.WriteNumber("rounds", options.Load.Rounds);
            json.WriteNumber("roundSeconds", options.Load.RoundDuration.TotalSeconds);
            ResultTable.WriteJson(json, rows, results, pairs, (writer, result) =>
            {
                foreach (var idle in options.IdleLevels)
                {
                    ResultTable.WriteNumber(writer, Metrics.IdleOpen(idle), result.Median(Metrics.IdleOpen(idle)));
                }
            });
        });
}
