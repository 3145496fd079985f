using StickyActors.Benchmarks;
using StickyActors.Benchmarks.Compare;
using StickyActors.Benchmarks.Faults;
using StickyActors.Benchmarks.Footprint;
using StickyActors.Benchmarks.Forward;
using StickyActors.Benchmarks.Handover;
using StickyActors.Benchmarks.Micro;
using StickyActors.Benchmarks.Serve;

// compare: AK (StickyActors, kernel steering) and A (handoff) vs B (SO_REUSEPORT) vs C (one Kestrel); micro: BenchmarkDotNet over the
// routing hot path; serve: the plain Kestrel server that compare starts for B and C; faults: kill -9
// and rolling restart under load, failures classified per request; handover: the master replaced by
// SIGUSR2 beside a stop and start, under load with held connections; footprint: idle CPU and memory
// beside one plain Kestrel process, and how fast a replacement worker serves; forward: a 2-host cluster
// on loopback, clients owned by B connecting to B directly beside through A (forwarded to B).
const string Usage = """
    usage: StickyActors.Benchmarks compare [--workers 2] [--rounds 5] [--seconds 2] [--warmup 1]
                                           [--concurrency 64] [--connections 64] [--max-in-flight 512]
                                           [--threads 1] [--sources 1016] [--idle 1000,10000,50000]
                                           [--targets AK,A,B,C] [--hello PATH] [--rate N] [--ready-timeout 60]
           StickyActors.Benchmarks faults [--workers 2] [--rounds 3] [--connections 32] [--sources 508]
                                          [--scenarios kill,restart] [--learn 1] [--tail 1] [--request-timeout 5]
                                          [--recovery-timeout 30] [--restart-timeout 120] [--settle-timeout 90]
                                          [--hello PATH] [--ready-timeout 60]
           StickyActors.Benchmarks handover [--workers 2] [--connections 32] [--sources 508] [--held 50]
                                            [--scenarios handover,restart] [--learn 2] [--after 3] [--request-timeout 5]
                                            [--event-timeout 120] [--hello PATH] [--ready-timeout 60]
           StickyActors.Benchmarks footprint [--workers 2] [--settle 40] [--window 10] [--samples 3] [--rounds 5]
                                             [--probes 8] [--hello PATH] [--ready-timeout 60]
           StickyActors.Benchmarks forward [--workers 1] [--rounds 5] [--seconds 2] [--warmup 1] [--concurrency 64]
                                           [--connections 64] [--threads 1] [--sources 256] [--forward-threads 1]
                                           [--placement both|shared|per-host]
                                           [--hello PATH] [--ready-timeout 60]
           StickyActors.Benchmarks micro [BenchmarkDotNet options, e.g. --job short]
           StickyActors.Benchmarks serve --port P --id K
    """;

try
{
    return args.FirstOrDefault() switch
    {
        "compare" => await new CompareRunner(CompareOptions.From(new CliArguments(args[1..]))).RunAsync().ConfigureAwait(false),
        "faults" => await new FaultsRunner(FaultsOptions.From(new CliArguments(args[1..]))).RunAsync().ConfigureAwait(false),
        "handover" => await new HandoverRunner(HandoverOptions.From(new CliArguments(args[1..]))).RunAsync().ConfigureAwait(false),
        "footprint" => await new FootprintRunner(FootprintOptions.From(new CliArguments(args[1..]))).RunAsync().ConfigureAwait(false),
        "forward" => await new ForwardRunner(ForwardOptions.From(new CliArguments(args[1..]))).RunAsync().ConfigureAwait(false),
        "micro" => MicroCommand.Run(args[1..]),
        "serve" => await ServeCommand.RunAsync(new CliArguments(args[1..])).ConfigureAwait(false),
        _ => Fail(Usage),
    };
}
catch (ArgumentException e)
{
    return Fail(e.Message + Environment.NewLine + Usage);
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    return 1;
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
