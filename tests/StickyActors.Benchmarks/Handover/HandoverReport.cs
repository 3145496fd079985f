using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using StickyActors.Benchmarks.Faults;
using StickyActors.Benchmarks.Load;
using StickyActors.Benchmarks.Measure;

namespace StickyActors.Benchmarks.Handover;

/// <summary>Prints the scenarios side by side, the failures by kind, then one JSON line.</summary>
internal static class HandoverReport
{
    private const int LabelWidth = 56;
    private const int ColumnWidth = 16;

    public static void Write(TextWriter output, HandoverOptions options, DateTimeOffset started, SourceAddresses sources, IReadOnlyList<ScenarioResults> scenarios)
    {
        output.WriteLine();
        output.WriteLine($"StickyActors master replacement benchmark, {started:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"cores {Environment.ProcessorCount}, workers {options.Load.Workers}, {RuntimeInformation.FrameworkDescription}; each scenario on a fresh Hello");
        output.WriteLine($"load: {options.Load.Describe(sources)}; {options.Held} keep-alive connections held (one GET each) from the next addresses");
        output.WriteLine($"the load runs {options.Learn.TotalSeconds:0.#} s (and until every source was answered) before the signal, and {options.After.TotalSeconds:0.#} s after the old master exited "
            + "(stop and start: after the new master's workers all answered)");
        output.WriteLine($"load average (1, 5, 15 min) at the end {ProcFs.LoadAverage()} on {Environment.ProcessorCount} cores");
        output.WriteLine();
        var header = "metric".PadRight(LabelWidth) + string.Concat(scenarios.Select(s => s.Key.PadLeft(ColumnWidth)));
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var (metric, _) in scenarios[0].Rounds[0].Values)
        {
            output.WriteLine(metric.Label.PadRight(LabelWidth) + string.Concat(scenarios.Select(s => Cell(s.Rounds[0].Value(metric.Key), metric.Format).PadLeft(ColumnWidth))));
        }

        output.WriteLine("failures by kind:");
        foreach (var scenario in scenarios)
        {
            output.WriteLine($"  {scenario.Key}: " + string.Join("; ", scenario.Rounds[0].Failures.Select(f => $"{f.Label}: {f.Counts}")));
        }

        output.WriteLine();
        output.WriteLine("--- machine-readable ---");
        output.WriteLine(Json(options, started, sources, scenarios));
    }

    private static string Json(HandoverOptions options, DateTimeOffset started, SourceAddresses sources, IReadOnlyList<ScenarioResults> scenarios)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            options.Load.WriteJson(json, started, sources);
            json.WriteNumber("held", options.Held);
            foreach (var scenario in scenarios)
            {
                json.WritePropertyName(scenario.Key);
                FaultsReport.WriteRound(json, scenario.Rounds[0]);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Cell(double value, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
