using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Load;
using StickyActors.Benchmarks.Measure;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Compare;

/// <summary>
/// <c>compare</c>: starts AK (StickyActors, kernel steering), A (StickyActors, handoff), B (SO_REUSEPORT)
/// and C (one Kestrel) side by side, waits
/// until every worker answers, then runs each workload in rounds, rotating which server goes first,
/// and prints the medians. Every server process is stopped on the way out, also on Ctrl+C.
/// </summary>
internal sealed class CompareRunner(CompareOptions options)
{
    private const int FileMargin = 1_024;

    private readonly SourceAddresses _sources = new(options.Sources);
    private readonly List<ServerUnderTest> _servers = [];
    private readonly Dictionary<string, TargetResults> _results = [];

    public async Task<int> RunAsync()
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = ProcFs.LoadAverage();
        var limit = FileLimit.RaiseTo((ulong)(options.IdleLevels.DefaultIfEmpty(0).Max() + FileMargin));
        var idleLevels = options.IdleLevels.Where(l => (ulong)l + FileMargin <= limit).ToArray();
        var skipped = options.IdleLevels.Except(idleLevels).ToArray();
        if (skipped.Length > 0)
        {
            Console.Error.WriteLine($"ulimit -n is {limit} and cannot be raised here: skipping idle levels {string.Join(", ", skipped)} (each needs ulimit -n ≥ level + {FileMargin})");
        }

        using var onCancel = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => StopAll());
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => StopAll());
        try
        {
            StartServers();
            Console.Error.WriteLine($"waiting for {string.Join(", ", _servers.Select(s => $"{s.Key} ({s.Name}, port {s.Port})"))} …");
            await Task.WhenAll(_servers.Select(s => Readiness.WaitAsync(s, options.Load.ReadyTimeout))).ConfigureAwait(false);
            foreach (var server in _servers)
            {
                Console.Error.WriteLine($"{server.Key} ready: worker pids {string.Join(", ", server.WorkerPids)}");
                _results[server.Key] = new TargetResults(server.Key, server.Name);
            }

            Warmup();
            Rounds("1 req/conn", LoadMode.ConnectPerRequest, options.Load.Concurrency, 0, Metrics.ConnPerSec, Metrics.GenCpuConn);
            Rounds("keep-alive", LoadMode.KeepAlive, options.Load.KeepAliveConnections, 0, Metrics.KeepAliveReqPerSec, Metrics.GenCpuKeepAlive);
            var rate = LatencyRate();
            Rounds("latency", LoadMode.Paced, options.MaxInFlight, rate, Metrics.LatencyRate, Metrics.GenCpuLatency);
            if (_servers.FirstOrDefault(s => s.Key == "A") is { Master: { } master } sticky && idleLevels.Length > 0)
            {
                Console.Error.WriteLine("A: master RSS with idle connections");
                MasterCostProbe.MeasureIdle(master, sticky.Port, _sources, idleLevels, _results[sticky.Key]);
            }

            var info = new RunInfo(started, Environment.ProcessorCount, limit, rate, $"{_sources.FirstText}..{_sources.LastText} ({_sources.Count})", RuntimeInformation.FrameworkDescription, skipped)
            {
                LoadAverageBefore = loadBefore,
                LoadAverageAfter = ProcFs.LoadAverage(),
            };
            ReportWriter.Write(Console.Out, options, info, [.. _servers.Select(s => _results[s.Key])]);
            return 0;
        }
        finally
        {
            StopAll();
        }
    }

    private void StartServers()
    {
        foreach (var target in options.Targets.Distinct())
        {
            _servers.Add(target switch
            {
                "A" => ServerLauncher.StartSticky(options.Load.HelloDll, options.Load.Workers),
                "AK" => ServerLauncher.StartStickyKernel(options.Load.HelloDll, options.Load.Workers),
                "B" => ServerLauncher.StartReusePort(options.Load.Workers, options.Load.HelloDll),
                _ => ServerLauncher.StartSingle(options.Load.HelloDll),
            });
        }
    }

    private void Warmup()
    {
        if (options.Load.Warmup <= TimeSpan.Zero)
        {
            return;
        }

        foreach (var server in _servers)
        {
            LoadGenerator.Run(new LoadSpec(LoadMode.ConnectPerRequest, server.Port, options.Load.Warmup, options.Load.Concurrency, 0, options.Load.Threads), _sources);
            LoadGenerator.Run(new LoadSpec(LoadMode.KeepAlive, server.Port, options.Load.Warmup, options.Load.KeepAliveConnections, 0, options.Load.Threads), _sources);
        }
    }

    /// <summary>Half of B's measured connection rate (or of the first server's without B), unless --rate is given.</summary>
    private double LatencyRate()
    {
        if (options.Rate > 0)
        {
            return options.Rate;
        }

        var reference = _results.TryGetValue("B", out var b) ? b : _results.Values.First();
        var max = reference.Median(Metrics.ConnPerSec);
        return double.IsNaN(max) || max < 2 ? 100 : max / 2;
    }

    private void Rounds(string label, LoadMode mode, int connections, double rate, string perSecondKey, string cpuKey)
    {
        for (var round = 0; round < options.Load.Rounds; round++)
        {
            for (var i = 0; i < _servers.Count; i++)
            {
                var server = _servers[(i + round) % _servers.Count];
                var results = _results[server.Key];
                var spec = new LoadSpec(mode, server.Port, options.Load.RoundDuration, connections, rate, options.Load.Threads);
                var serverCpuBefore = ServerCpuSeconds(server);
                var result = server.Master is { } master && mode == LoadMode.ConnectPerRequest
                    ? MasterCostProbe.Measure(master, () => LoadGenerator.Run(spec, _sources), results)
                    : LoadGenerator.Run(spec, _sources);
                var serverCpu = ServerCpuSeconds(server) - serverCpuBefore;
                if (result.Completed > 0)
                {
                    // The paced run offers every server the same rate: its CPU per connection compares
                    // the servers' work without the saturated runs' contention for the two cores.
                    var cpuPerUnit = mode switch
                    {
                        LoadMode.KeepAlive => Metrics.ServerCpuPerRequest,
                        LoadMode.Paced => Metrics.ServerCpuPerPacedConnection,
                        _ => Metrics.ServerCpuPerConnection,
                    };
                    results.Add(cpuPerUnit, serverCpu * 1e6 / result.Completed);
                }

                results.Add(perSecondKey, result.PerSecond);
                results.Add(cpuKey, result.GeneratorCpuShare);
                results.Add(Metrics.Errors, result.Errors);
                if (mode == LoadMode.Paced)
                {
                    results.Add(Metrics.LatencyP50, result.P50Micros);
                    results.Add(Metrics.LatencyP99, result.P99Micros);
                    results.Add(Metrics.LatencyMaxLag, result.MaxStartLagMicros);
                }

                Console.Error.WriteLine($"  {label,-10} round {round + 1}/{options.Load.Rounds} {server.Key}: {result.PerSecond,10:N0}/s  errors {result.Errors}"
                    + (mode == LoadMode.Paced ? $"  p50 {result.P50Micros:N0} µs  p99 {result.P99Micros:N0} µs" : string.Empty)
                    + $"  load gen CPU {result.GeneratorCpuShare:P0}");
            }
        }
    }

    /// <summary>
    /// The CPU time (utime + stime) of every process of <paramref name="server"/>: the processes the
    /// harness started (a StickyActors master, or B's and C's Kestrel processes) and the workers that
    /// answered. Not the kernel's work done in the load generator's context (its sends deliver).
    /// </summary>
    private static double ServerCpuSeconds(ServerUnderTest server) =>
        server.Processes.Select(p => p.Pid).Union(server.WorkerPids).Sum(ProcFs.CpuSeconds);

    private void StopAll()
    {
        lock (_servers)
        {
            foreach (var server in _servers)
            {
                server.Dispose();
            }

            _servers.Clear();
        }
    }
}
