using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using StickyActors.Benchmarks.Load;
using StickyActors.Benchmarks.Measure;

namespace StickyActors.Benchmarks.Faults;

/// <summary>Prints each scenario as a table (median, then every round), the failures by kind, then one JSON line.</summary>
internal static class FaultsReport
{
    private const int LabelWidth = 56;
    private const int ColumnWidth = 10;

    public static void Write(TextWriter output, FaultsOptions options, DateTimeOffset started, SourceAddresses sources, IReadOnlyList<ScenarioResults> scenarios)
    {
        output.WriteLine();
        output.WriteLine($"StickyActors fault benchmark, {started:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"cores {Environment.ProcessorCount}, workers {options.Load.Workers}, {RuntimeInformation.FrameworkDescription}, {options.Rounds} round(s) per scenario");
        output.WriteLine($"load: {options.Load.Describe(sources)}, tail {options.Tail.TotalSeconds:0.#} s after each fault settles");
        output.WriteLine("each round starts with every worker Running and owning its home buckets; by default (routing.on-worker-loss = wait) a killed");
        output.WriteLine("worker's buckets wait for its replacement (routing.replacement-wait), so its clients change worker once, to the replacement");
        output.WriteLine("times run from the signal to the event as this harness saw it; status is polled every 50 ms, so times to a status err late by up to one poll");
        foreach (var scenario in scenarios)
        {
            WriteTable(output, scenario);
        }

        output.WriteLine();
        output.WriteLine("--- machine-readable ---");
        output.WriteLine(Json(options, started, sources, scenarios));
    }

    private static void WriteTable(TextWriter output, ScenarioResults scenario)
    {
        output.WriteLine();
        var header = scenario.Title.PadRight(LabelWidth) + "median".PadLeft(ColumnWidth)
            + string.Concat(scenario.Rounds.Select((_, i) => $"round {i + 1}".PadLeft(ColumnWidth)));
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length));
        foreach (var (metric, _) in scenario.Rounds[0].Values)
        {
            var median = metric.HasMedian ? Cell(Median(scenario, metric.Key), metric.Format) : "–";
            output.WriteLine(metric.Label.PadRight(LabelWidth) + median.PadLeft(ColumnWidth)
                + string.Concat(scenario.Rounds.Select(r => Cell(r.Value(metric.Key), metric.Format).PadLeft(ColumnWidth))));
        }

        output.WriteLine("failures by kind:");
        for (var i = 0; i < scenario.Rounds.Count; i++)
        {
            output.WriteLine($"  round {i + 1}: " + string.Join("; ", scenario.Rounds[i].Failures.Select(f => $"{f.Label}: {f.Counts}")));
        }
    }

    private static double Median(ScenarioResults scenario, string key) => Stats.Median(scenario.Rounds.Select(r => r.Value(key)));

    private static string Cell(double value, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Json(FaultsOptions options, DateTimeOffset started, SourceAddresses sources, IReadOnlyList<ScenarioResults> scenarios)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            options.Load.WriteJson(json, started, sources);
            json.WriteNumber("rounds", options.Rounds);
            foreach (var scenario in scenarios)
            {
                json.WriteStartObject(scenario.Key);
                json.WriteStartObject("median");
                foreach (var (metric, _) in scenario.Rounds[0].Values.Where(v => v.Metric.HasMedian))
                {
                    WriteNumber(json, metric.Key, Median(scenario, metric.Key));
                }

                json.WriteEndObject();
                json.WriteStartArray("rounds");
                foreach (var round in scenario.Rounds)
                {
                    WriteRound(json, round);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static void WriteRound(Utf8JsonWriter json, RoundResult round)
    {
        json.WriteStartObject();
        foreach (var (metric, value) in round.Values)
        {
            WriteNumber(json, metric.Key, value);
        }

        json.WriteStartObject("failures");
        foreach (var (key, _, counts) in round.Failures)
        {
            json.WritePropertyName(key);
            counts.WriteJson(json);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string key, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            json.WriteNull(key);
        }
        else
        {
            json.WriteNumber(key, Math.Round(value, 3));
        }
    }
}
