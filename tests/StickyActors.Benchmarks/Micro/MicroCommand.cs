using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace StickyActors.Benchmarks.Micro;

/// <summary>
/// <c>micro [BenchmarkDotNet options]</c>: runs <see cref="RoutingBenchmarks"/>,
/// <see cref="PreambleBenchmarks"/> and <see cref="DescriptorOwnerBenchmarks"/> (e.g. <c>--job short</c>)
/// and checks each against its target: 0 bytes per connection; under 50 ns for routing (hash and
/// bucket lookup) and for owning a descriptor, under 1 µs for a preamble (a PROXY header or a whole
/// request head). Benchmarks in the <see cref="DescriptorOwnerBenchmarks.Reference"/> category are
/// shown for comparison and not checked.
/// </summary>
internal static class MicroCommand
{
    private const double TargetNanoseconds = 50;
    private const double HeadTargetNanoseconds = 1000;

    public static int Run(string[] args)
    {
        // Artifacts go beside the build output, not into the current directory (the repository root).
        var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        var summaries = BenchmarkRunner.Run([typeof(RoutingBenchmarks), typeof(PreambleBenchmarks), typeof(DescriptorOwnerBenchmarks)], config, args);
        var reports = summaries.SelectMany(s => s.Reports).ToArray();
        var failed = 0;
        Console.WriteLine();
        Console.WriteLine($"target: 0 B allocated per operation; < {TargetNanoseconds} ns routing, < {HeadTargetNanoseconds} ns preamble");
        foreach (var report in reports)
        {
            var name = $"{report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo} {report.BenchmarkCase.Parameters.DisplayInfo}";
            var mean = report.ResultStatistics?.Mean;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var target = report.BenchmarkCase.Descriptor.Type == typeof(PreambleBenchmarks) ? HeadTargetNanoseconds : TargetNanoseconds;
            if (report.BenchmarkCase.Descriptor.HasCategory(DescriptorOwnerBenchmarks.Reference))
            {
                Console.WriteLine($"(ref)  {name}: {mean:0.00} ns, {allocated} B/op");
                continue;
            }

            var pass = mean < target && allocated == 0;
            failed += pass ? 0 : 1;
            Console.WriteLine($"{(pass ? "PASS" : "FAIL")}  {name}: {mean:0.00} ns, {allocated} B/op");
        }

        return reports.Length == 0 || failed > 0 ? 1 : 0;
    }
}
