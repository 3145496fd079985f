using System.Diagnostics;
using StickyActors.Benchmarks.Interop;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// Scenario 2: under load, once every client's worker is known, <c>kill -HUP</c> the master; wait
/// for "Rolling restart complete" and for the status to show every slot Running with a new pid,
/// then a tail. The status is polled throughout, so both times are measured from the SIGHUP.
/// </summary>
internal static class RollingRestartRound
{
    private const string CompleteLine = "Rolling restart complete";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async Task<RoundResult> RunAsync(FaultRun run)
    {
        var before = run.Watch.Status();
        var oldPids = before.Workers.Select(w => w.Pid).ToHashSet();
        using var load = run.StartLoad();
        await load.LearnOwnersAsync(run.Options.Learn, run.LearnTimeout).ConfigureAwait(false);

        using var complete = new LineWatch(run.Watch.Master, CompleteLine);
        var hupAt = Stopwatch.GetTimestamp();
        if (Libc.Kill(run.Watch.Master.Pid, Libc.SIGHUP) != 0)
        {
            throw new InvalidOperationException($"kill -HUP {run.Watch.Master.Pid} (the master) failed.");
        }

        var allNewAt = 0L;
        var clock = Stopwatch.StartNew();
        while (!complete.Seen.IsCompleted || allNewAt == 0)
        {
            if (clock.Elapsed > run.Options.RestartTimeout)
            {
                throw new TimeoutException($"rolling restart: after {run.Options.RestartTimeout.TotalSeconds:0} s, "
                    + $"'{CompleteLine}' {(complete.Seen.IsCompleted ? "seen" : "not seen")}; status: {run.Watch.Status().Describe()}");
            }

            if (allNewAt == 0)
            {
                var view = run.Watch.Status();
                if (view.AllRunning(before.Workers.Count) && view.Workers.All(w => !oldPids.Contains(w.Pid)))
                {
                    allNewAt = Stopwatch.GetTimestamp();
                }
            }

            await Task.WhenAny(complete.Seen, Task.Delay(Poll)).ConfigureAwait(false);
        }

        var completeAt = await complete.Seen.ConfigureAwait(false);
        await Task.Delay(run.Options.Tail).ConfigureAwait(false);
        var records = load.Stop();
        return RollingRestartAnalysis.Analyze(records, hupAt, completeAt, allNewAt, run.Sources.Count);
    }
}
