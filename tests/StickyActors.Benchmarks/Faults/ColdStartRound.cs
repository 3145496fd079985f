using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// The cold start under traffic: the load starts as soon as the master accepts, before any worker
/// registered, and goes on until every worker is Running plus the longer of the tail and 5 s. Runs
/// once per launch (it is the launch).
/// </summary>
internal static class ColdStartRound
{
    public static async Task<RoundResult> RunAsync(FaultRun run, ServerProcess master, long launchedAt)
    {
        using var accepting = new LineWatch(master, "accepting on");
        using var ready = new LineWatch(master, "ready on");
        await accepting.Seen.WaitAsync(run.Options.Load.ReadyTimeout).ConfigureAwait(false);
        using var load = run.StartLoad();
        await ready.Seen.WaitAsync(run.Options.Load.ReadyTimeout).ConfigureAwait(false);
        var (_, allRunningAt) = await run.Watch.UntilAsync(v => v.AllRunning(run.Options.Load.Workers), run.Options.Load.ReadyTimeout, "every worker Running at start")
            .ConfigureAwait(false);
        await Task.Delay(run.Options.Tail > TimeSpan.FromSeconds(5) ? run.Options.Tail : TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        var records = load.Stop();
        return ColdStartAnalysis.Analyze(records, launchedAt, allRunningAt, run.Options.Load.Workers, run.Sources.Count);
    }
}
