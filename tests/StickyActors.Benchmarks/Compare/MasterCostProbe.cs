using System.Diagnostics;
using StickyActors.Benchmarks.Load;
using StickyActors.Benchmarks.Measure;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Compare;

/// <summary>
/// What the StickyActors master itself costs: CPU time and allocation per handoff around a load run,
/// and resident memory with many idle connections held open (the workers hold them; the master
/// only accepted and handed them off).
/// </summary>
internal static class MasterCostProbe
{
    private const double MiB = 1024 * 1024;
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GrowTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan HandoffTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="run"/> between two status samples and records the cost per 1,000 handoffs.</summary>
    public static LoadResult Measure(ServerProcess master, Func<LoadResult> run, TargetResults results)
    {
        var before = StickyStatus.Parse(master.RequestStatus(StatusTimeout));
        master.ThrowIfExited();
        var cpuBefore = ProcFs.CpuSeconds(master.Pid);
        var result = run();
        master.ThrowIfExited();
        var cpuAfter = ProcFs.CpuSeconds(master.Pid);
        var after = StickyStatus.Parse(master.RequestStatus(StatusTimeout));
        var handoffs = after.HandedOff - before.HandedOff;
        if (result.Completed > 0)
        {
            results.Add(Metrics.MasterCpuPerConnection, (cpuAfter - cpuBefore) * 1e6 / result.Completed);
        }

        if (handoffs > 0)
        {
            results.Add(Metrics.MasterCpuPer1K, (cpuAfter - cpuBefore) * 1000 / handoffs);
            results.Add(Metrics.MasterAllocPer1K, (after.AllocatedBytes - before.AllocatedBytes) * 1000.0 / handoffs);
        }

        return result;
    }

    /// <summary>Holds 0 and then each level of idle connections open and records the master's VmRSS.</summary>
    public static void MeasureIdle(ServerProcess master, int port, SourceAddresses sources, IEnumerable<int> levels, TargetResults results)
    {
        using var pool = new IdleConnectionPool(sources, port);
        var baseline = StickyStatus.Parse(master.RequestStatus(StatusTimeout)).HandedOff;
        foreach (var level in levels.Prepend(0).Distinct().Order())
        {
            pool.GrowTo(level, GrowTimeout);
            var handedOff = WaitForHandoffs(master, baseline + pool.Count);
            Thread.Sleep(500);
            var rss = ProcFs.RssBytes(master.Pid) / MiB;
            results.Add(Metrics.MasterRss(level), rss);
            results.Add(Metrics.IdleOpen(level), pool.Count);
            Console.Error.WriteLine($"  idle {level,7:N0}: {pool.Count:N0} open ({pool.Failed} failed), {handedOff - baseline:N0} handed off, master RSS {rss:N1} MiB");
        }
    }

    private static long WaitForHandoffs(ServerProcess master, long wanted)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var handedOff = StickyStatus.Parse(master.RequestStatus(StatusTimeout)).HandedOff;
            if (handedOff >= wanted || clock.Elapsed > HandoffTimeout)
            {
                return handedOff;
            }

            Thread.Sleep(250);
        }
    }
}
