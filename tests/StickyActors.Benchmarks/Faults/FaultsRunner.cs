using System.Globalization;
using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Load;
using StickyActors.Benchmarks.Measure;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// <c>faults</c>: starts the Hello sample once, waits until every worker answers, then runs each
/// scenario's rounds under tracked load, waiting before each round until every slot is Running and
/// every replaced process is gone. Prints the report; stops the master (SIGTERM, then SIGKILL) and
/// kills any worker pid it ever saw that is still alive, also on Ctrl+C.
/// </summary>
internal sealed class FaultsRunner(FaultsOptions options)
{
    private readonly Lock _gate = new();
    private ServerUnderTest? _server;
    private ClusterWatch? _watch;

    public async Task<int> RunAsync()
    {
        var started = DateTimeOffset.UtcNow;
        using var onCancel = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => StopAll());
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => StopAll());
        try
        {
            var launchedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            var server = ServerLauncher.StartSticky(options.Load.HelloDll, options.Load.Workers);
            var watch = new ClusterWatch(server.Master!);
            lock (_gate)
            {
                (_server, _watch) = (server, watch);
            }

            var run = new FaultRun(options, server.Port, new SourceAddresses(options.Load.Sources), watch);
            var scenarios = new List<ScenarioResults>();
            if (options.Scenarios.Contains("cold"))
            {
                // Before anything waits for the workers: the load must start before they register.
                var cold = new ScenarioResults("coldStart", "cold start under load (1 round: the launch)");
                cold.Rounds.Add(await ColdStartRound.RunAsync(run, server.Master!, launchedAt).ConfigureAwait(false));
                Console.Error.WriteLine($"  {cold.Title}: {Summary(cold.Rounds[0])}");
                scenarios.Add(cold);
            }

            Console.Error.WriteLine($"waiting for Hello (port {server.Port}, {options.Load.Workers} workers) …");
            await Readiness.WaitAsync(server, options.Load.ReadyTimeout).ConfigureAwait(false);
            foreach (var scenario in options.Scenarios.Distinct().Where(s => s != "cold"))
            {
                var results = scenario == "kill"
                    ? new ScenarioResults("killNine", "kill -9 one worker under load")
                    : new ScenarioResults("rollingRestart", "rolling restart (SIGHUP) under load");
                scenarios.Add(results);
                for (var round = 0; round < options.Rounds; round++)
                {
                    await SettleAsync(run).ConfigureAwait(false);
                    var result = scenario == "kill"
                        ? await KillNineRound.RunAsync(run, round).ConfigureAwait(false)
                        : await RollingRestartRound.RunAsync(run).ConfigureAwait(false);
                    results.Rounds.Add(result);
                    Console.Error.WriteLine($"  {results.Title}, round {round + 1}/{options.Rounds}: {Summary(result)}");
                }
            }

            FaultsReport.Write(Console.Out, options, started, run.Sources, scenarios);
            return 0;
        }
        finally
        {
            StopAll();
        }
    }

    /// <summary>
    /// Before each round: every slot Running with its home buckets, and no replaced (draining)
    /// process left, so rounds do not overlap. Buckets served away from home (only when a replacement
    /// missed <c>routing.replacement-wait</c>) return once no session holds them and they had no new
    /// connection for <c>routing.return-when-idle-for</c>, at the latest after <c>routing.max-interim</c>.
    /// </summary>
    private async Task SettleAsync(FaultRun run)
    {
        if (!Settled(run.Watch.Status(), run.Watch))
        {
            Console.Error.WriteLine("  settling: waiting for every bucket to return home (routing.return-when-idle-for without sessions, at most routing.max-interim) …");
        }

        await run.Watch.UntilAsync(v => Settled(v, run.Watch), options.SettleTimeout, "every worker Running with its home buckets, every replaced process gone")
            .ConfigureAwait(false);
    }

    private bool Settled(ClusterView view, ClusterWatch watch) =>
        view.Balanced(options.Load.Workers) && watch.PidsSeen.Except(view.Workers.Select(w => w.Pid)).All(p => !ProcFs.IsAlive(p));

    private static string Summary(RoundResult result) =>
        string.Join("; ", result.Values.Where(v => !double.IsNaN(v.Value)).Select(v => $"{v.Metric.Key} {v.Value.ToString(v.Metric.Format, CultureInfo.InvariantCulture)}"));

    private void StopAll()
    {
        lock (_gate)
        {
            if (_server is null)
            {
                return;
            }

            _server.WorkerPids = [.. _server.WorkerPids.Union(_watch?.PidsSeen ?? [])];
            _server.Dispose();
            _server = null;
        }
    }
}
