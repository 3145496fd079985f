using System.Globalization;
using StickyActors.Benchmarks.Compare;

namespace StickyActors.Benchmarks.Forward;

/// <summary>Prints the direct / forwarded table with the ratio forwarded/direct, the spread, the goal, the command line, then one JSON line.</summary>
internal static class ForwardReport
{
    /// <summary>The issue's goal: forwarded keep-alive requests/s at least this share of direct.</summary>
    public const double KeepAliveGoal = 0.8;

    public static void Write(TextWriter output, ForwardOptions options, RunInfo info, IReadOnlyList<ForwardTarget> targets)
    {
        var rows = ForwardMetrics.Rows(options);
        var results = targets.Select(t => t.Results).ToArray();
        // Targets come in (direct, forwarded) pairs, one pair per placement.
        var placements = targets.Chunk(2).Select(pair => (Placement: pair[0].Placement, Direct: pair[0].Results, Forwarded: pair[1].Results)).ToArray();
        var pairs = placements.Select(p => new RatioPair(p.Forwarded, p.Direct)).ToArray();
        output.WriteLine();
        output.WriteLine($"StickyActors forwarding benchmark, {info.Started:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"cores {info.Cores}, {info.Runtime}, 2 hosts × {options.Load.Workers} worker(s), a 2-host cluster on loopback (insecure-loopback-only), "
            + $"{options.ForwardThreads} relay thread(s) on A (cluster.forward.threads)");
        output.WriteLine(string.Join(", ", placements.Take(1).SelectMany(p => new[] { p.Direct, p.Forwarded }).Select(r => $"{r.Key} = {r.Name}")));
        foreach (var (placement, direct, forwarded) in placements)
        {
            output.WriteLine($"{direct.Key}, {forwarded.Key}: CPU placement {placement.Name}, {placement.Description}");
        }

        output.WriteLine($"clients: {info.SourceRange}, every one owned by B; forwarded = PROXY v2 header + HMAC challenge to B's forward port, then splice(2) both ways");
        output.WriteLine($"{options.Load.Rounds} rounds × {options.Load.RoundDuration.TotalSeconds:0.##} s per target and mode, direct and forwarded alternating (which goes first swaps every round), "
            + $"after {options.Load.Warmup.TotalSeconds:0.##} s warm-up each; {options.Load.Threads} load thread(s); medians");
        output.WriteLine("bulk download: not measured (Hello has no large-response endpoint); keep-alive MiB/s relayed by A stands in");
        output.WriteLine(info.LoadAverageLine);
        output.WriteLine();
        ResultTable.Write(output, rows, results, pairs);
        output.WriteLine();
        ResultTable.WriteSpread(output, rows.Where(ForwardMetrics.Spread), results);
        output.WriteLine();
        foreach (var (placement, direct, forwarded) in placements)
        {
            var keepAlive = forwarded.Median(ForwardMetrics.KeepAliveReqPerSec) / direct.Median(ForwardMetrics.KeepAliveReqPerSec);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"goal: forwarded keep-alive requests/s ≥ {KeepAliveGoal:0.0} × direct; placement {placement.Name}: {keepAlive:0.00} × direct, {(keepAlive >= KeepAliveGoal ? "met" : "not met")}"));
        }

        output.WriteLine("reproduce: " + options.CommandLine());
        output.WriteLine();
        output.WriteLine("--- machine-readable ---");
        output.WriteLine(Json(options, info, rows, results, pairs));
    }

    private static string Json(ForwardOptions options, RunInfo info, IReadOnlyList<Metric> rows, IReadOnlyList<TargetResults> results, IReadOnlyList<RatioPair> pairs) =>
        ResultTable.JsonLine(json =>
        {
            info.WriteJson(json);
            json.WriteNumber("workersPerHost", options.Load.Workers);
            json.WriteNumber("forwardThreads", options.ForwardThreads);
            json.WriteString("placement", options.Placement);
            json.WriteNumber("rounds", options.Load.Rounds);
            json.WriteNumber("roundSeconds", options.Load.RoundDuration.TotalSeconds);
            ResultTable.WriteJson(json, rows, results, pairs);
        });
}
