using System.Diagnostics;
using StickyActors.Benchmarks.Interop;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// Scenario 1: under load, once every client's worker is known, <c>kill -9</c> one worker and keep
/// the load going until the status shows its replacement Running, plus a tail.
/// </summary>
internal static class KillNineRound
{
    public static async Task<RoundResult> RunAsync(FaultRun run, int round)
    {
        var before = run.Watch.Status();
        var victim = before.Workers[round % before.Workers.Count];
        using var load = run.StartLoad();
        await load.LearnOwnersAsync(run.Options.Learn, run.LearnTimeout).ConfigureAwait(false);

        var killAt = Stopwatch.GetTimestamp();
        if (Libc.Kill(victim.Pid, Libc.SIGKILL) != 0)
        {
            throw new InvalidOperationException($"kill -9 {victim.Pid} (worker {victim.Id}) failed.");
        }

        var (_, runningAt) = await run.Watch.UntilAsync(
            v => v.Workers.FirstOrDefault(w => w.Id == victim.Id) is { IsRunning: true } w && w.Pid != victim.Pid,
            run.Options.RecoveryTimeout,
            $"replacement of worker {victim.Id} Running after kill -9").ConfigureAwait(false);
        await Task.Delay(run.Options.Tail).ConfigureAwait(false);
        var records = load.Stop();
        return KillNineAnalysis.Analyze(records, victim, killAt, runningAt, run.Sources.Count);
    }
}
