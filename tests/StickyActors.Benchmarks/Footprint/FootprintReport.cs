using System.Globalization;
using StickyActors.Benchmarks.Measure;

namespace StickyActors.Benchmarks.Footprint;

/// <summary>Prints the footprint figures as Markdown tables, with each goal and whether it was met.</summary>
internal static class FootprintReport
{
    private const double CpuGoalPercent = 0.5;
    private const double WorkerRssGoalRatio = 1.3;
    private const double MasterRssGoalMiB = 70 * 1_000_000 / (1024.0 * 1024.0);
    private const double ExecToServedGoalMs = 600;

    public static void Write(TextWriter output, FootprintOptions options, IdleFigures figures, IReadOnlyList<StartupLine> coldStarts, IReadOnlyList<ReplacementFigures> replacements)
    {
        var idle = figures.Processes;
        var kestrel = idle[^1];
        output.WriteLine($"## footprint: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {options.Workers} worker(s); idle: medians of {options.Samples} × {options.Window.TotalSeconds:0} s after {options.Settle.TotalSeconds:0} s settled; load average (1 min) at the end of each window: {string.Join(", ", figures.LoadAverages.Select(l => l.ToString("0.0", CultureInfo.InvariantCulture)))}");
        output.WriteLine();
        output.WriteLine("| process | idle CPU (% of a core) | RSS (MiB) | RSS / C | samples (CPU %) |");
        output.WriteLine("|---|---:|---:|---:|---|");
        foreach (var process in idle)
        {
            output.WriteLine($"| {process.Name} (pid {process.Pid}) | {process.CpuPercent:0.00} | {process.RssMiB:0.0} | {process.RssMiB / kestrel.RssMiB:0.00} | {string.Join(", ", process.CpuSamples.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))} |");
        }

        var sticky = idle.Take(idle.Count - 1).ToArray();
        var workers = sticky.Skip(1).ToArray();
        output.WriteLine();
        output.WriteLine($"- idle CPU ≤ {CpuGoalPercent} % per process: highest {sticky.Max(p => p.CpuPercent):0.00} % ({Met(sticky.All(p => p.CpuPercent <= CpuGoalPercent))})");
        output.WriteLine($"- worker RSS ≤ {WorkerRssGoalRatio} × C: highest {workers.Max(p => p.RssMiB) / kestrel.RssMiB:0.00} × ({Met(workers.All(p => p.RssMiB <= WorkerRssGoalRatio * kestrel.RssMiB))})");
        output.WriteLine($"- master RSS ≤ 70 MB ({MasterRssGoalMiB:0.0} MiB): {sticky[0].RssMiB:0.0} MiB ({Met(sticky[0].RssMiB <= MasterRssGoalMiB)})");
        if (coldStarts.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Cold start of A's workers (all processes starting at once):");
            output.WriteLine();
            WritePhases(output, [.. coldStarts], []);
        }

        if (replacements.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Replacement after kill -9 (one-worker host, medians of {replacements.Count} rounds):");
            output.WriteLine();
            WritePhases(output, [.. replacements.Select(r => r.Startup)], replacements);
            var served = Stats.Median(replacements.Select(r => r.ExecToServedMs));
            output.WriteLine();
            output.WriteLine($"- exec → first handed-off connection served ≤ {ExecToServedGoalMs:0} ms: {served:0} ms ({Met(served <= ExecToServedGoalMs)})");
        }
    }

    private static void WritePhases(TextWriter output, StartupLine[] lines, IReadOnlyList<ReplacementFigures> replacements)
    {
        output.WriteLine("| phase | median (ms) | each (ms) |");
        output.WriteLine("|---|---:|---|");
        Row(output, "runtime start (exec → host starting)", lines.Select(l => l.RuntimeMs));
        Row(output, "actor system + remoting", lines.Select(l => l.ActorSystemMs));
        Row(output, "association + registration (beside the next)", lines.Select(l => l.RegistrationMs));
        Row(output, "application start: Kestrel to its first accept", lines.Select(l => l.ApplicationMs));
        Row(output, "ready (registered and accepting) after exec", lines.Select(l => l.ReadyMs));
        if (replacements.Count > 0)
        {
            Row(output, "**exec → first handed-off connection served**", replacements.Select(r => r.ExecToServedMs));
            Row(output, "kill -9 → served (adds exit noticed + 200 ms backoff)", replacements.Select(r => r.KillToServedMs));
        }
    }

    private static void Row(TextWriter output, string name, IEnumerable<double> values)
    {
        var all = values.ToArray();
        output.WriteLine($"| {name} | {Stats.Median(all):0} | {string.Join(", ", all.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))} |");
    }

    private static string Met(bool met) => met ? "met" : "NOT met";
}
