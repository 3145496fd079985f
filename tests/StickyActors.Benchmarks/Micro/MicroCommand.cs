using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace StickyActors.Benchmarks.Micro;

/// <summary>
/// <c>micro [BenchmarkDotNet options]</c>: runs <see cref="RoutingBenchmarks"/> (e.g. <c>--job short</c>)
/// and checks the routing hot path against its target: under 50 ns and 0 bytes per connection.
/// </summary>
internal static class MicroCommand
{
    private const double TargetNanoseconds = 50;

    public static int Run(string[] args)
    {
        var summary = BenchmarkRunner.Run<RoutingBenchmarks>(DefaultConfig.Instance, args);
        var failed = 0;
        Console.WriteLine();
        Console.WriteLine($"target: < {TargetNanoseconds} ns and 0 B allocated per operation");
        foreach (var report in summary.Reports)
        {
            var name = $"{report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo} {report.BenchmarkCase.Parameters.DisplayInfo}";
            var mean = report.ResultStatistics?.Mean;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var pass = mean is < TargetNanoseconds && allocated == 0;
            failed += pass ? 0 : 1;
            Console.WriteLine($"{(pass ? "PASS" : "FAIL")}  {name}: {mean:0.00} ns, {allocated} B/op");
        }

        return summary.Reports.Length == 0 || failed > 0 ? 1 : 0;
    }
}
