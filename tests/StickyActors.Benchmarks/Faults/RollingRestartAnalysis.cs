namespace StickyActors.Benchmarks.Faults;

/// <summary>Turns one rolling-restart round's request records into its figures.</summary>
internal static class RollingRestartAnalysis
{
    public static readonly FaultMetric During = new("requestsDuringRestart", "requests started from SIGHUP to complete");
    public static readonly FaultMetric Moved = new("clientsMoved", "answered by another worker id than before");
    public static readonly FaultMetric Duration = new("restartDurationMs", "SIGHUP → \"Rolling restart complete\", ms", "0");
    public static readonly FaultMetric AllNew = new("hupToAllNewRunningMs", "SIGHUP → every slot Running, new pid, ms", "0");

    public static RoundResult Analyze(IReadOnlyList<RequestRecord> records, long hupAt, long completeAt, long allNewAt, int sources)
    {
        var window = new FaultWindow("Hup", "SIGHUP", " (promise: 0)", records, hupAt, sources);
        var failures = new FailureCounts();
        long during = 0, moved = 0;
        foreach (var r in window.After)
        {
            during += r.StartedAt >= hupAt && r.StartedAt <= completeAt ? 1 : 0;
            failures.Add(r);
            moved += r.Ok && r.WorkerId != window.Owners[r.Source] ? 1 : 0;
        }

        var result = new RoundResult();
        result.Add(During, during);
        result.Add(window.Requests, window.After.Count);
        result.Add(window.Failed, failures.Total);
        result.Add(Moved, moved);
        result.Add(window.Baseline, window.BaselineFailures.Total);
        result.Add(Duration, FaultRun.Ms(hupAt, completeAt));
        result.Add(AllNew, FaultRun.Ms(hupAt, allNewAt));
        window.AddAfterFailures(result, failures);
        window.AddBaselineFailures(result);
        return result;
    }
}
