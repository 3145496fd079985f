using StickyActors.Benchmarks.Measure;

namespace StickyActors.Benchmarks.Footprint;

/// <summary>
/// Idle cost of a set of processes, sampled side by side: CPU over each window (utime + stime from
/// /proc, as a share of one core) and RSS at its end, per process, medians over the windows.
/// </summary>
internal static class IdleSample
{
    public static async Task<IdleFigures> MeasureAsync(IReadOnlyList<(string Name, int Pid)> processes, TimeSpan window, int samples)
    {
        var cpu = processes.Select(_ => new List<double>()).ToArray();
        var rss = processes.Select(_ => new List<double>()).ToArray();
        var loads = new List<double>();
        for (var sample = 0; sample < samples; sample++)
        {
            var before = processes.Select(p => ProcFs.CpuSeconds(p.Pid)).ToArray();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Task.Delay(window).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            for (var i = 0; i < processes.Count; i++)
            {
                cpu[i].Add((ProcFs.CpuSeconds(processes[i].Pid) - before[i]) / seconds * 100);
                rss[i].Add(ProcFs.RssBytes(processes[i].Pid) / (1024.0 * 1024.0));
            }

            loads.Add(LoadAverage());
            Console.Error.WriteLine($"idle sample {sample + 1}/{samples} (load {loads[^1]:0.0}): " + string.Join(", ", processes.Select((p, i) => $"{p.Name} {cpu[i][^1]:0.00} % {rss[i][^1]:0.0} MiB")));
        }

        return new IdleFigures([.. processes.Select((p, i) => new ProcessFigures(p.Name, p.Pid, Stats.Median(cpu[i]), Stats.Median(rss[i]), cpu[i], rss[i]))], loads);
    }

    /// <summary>The 1-minute load average (<c>/proc/loadavg</c>): how busy the shared machine was.</summary>
    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
