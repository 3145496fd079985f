namespace StickyActors.Benchmarks.Faults;

/// <summary>Turns one rolling-restart round's request records into its figures.</summary>
internal static class RollingRestartAnalysis
{
    public static readonly FaultMetric During = new("requestsDuringRestart", "requests started from SIGHUP to complete");
    public static readonly FaultMetric Requests = new("requestsAfterHup", "requests finished from SIGHUP to end of round");
    public static readonly FaultMetric Failed = new("failedAfterHup", "failed from SIGHUP on (promise: 0)");
    public static readonly FaultMetric Moved = new("clientsMoved", "answered by another worker id than before");
    public static readonly FaultMetric Baseline = new("failedBeforeHup", "failed before the SIGHUP (expect 0)");
    public static readonly FaultMetric Duration = new("restartDurationMs", "SIGHUP → \"Rolling restart complete\", ms", "0");
    public static readonly FaultMetric AllNew = new("hupToAllNewRunningMs", "SIGHUP → every slot Running, new pid, ms", "0");

    public static RoundResult Analyze(IReadOnlyList<RequestRecord> records, long hupAt, long completeAt, long allNewAt, int sources)
    {
        var owners = ClientOwners.Learn(records, hupAt, sources);
        var failures = new FailureCounts();
        var baseline = new FailureCounts();
        long during = 0, after = 0, moved = 0;
        foreach (var r in records)
        {
            if (r.StartedAt >= hupAt && r.StartedAt <= completeAt)
            {
                during++;
            }

            if (r.EndedAt < hupAt)
            {
                baseline.Add(r);
                continue;
            }

            after++;
            failures.Add(r);
            moved += r.Ok && r.WorkerId != owners[r.Source] ? 1 : 0;
        }

        var result = new RoundResult();
        result.Add(During, during);
        result.Add(Requests, after);
        result.Add(Failed, failures.Total);
        result.Add(Moved, moved);
        result.Add(Baseline, baseline.Total);
        result.Add(Duration, FaultRun.Ms(hupAt, completeAt));
        result.Add(AllNew, FaultRun.Ms(hupAt, allNewAt));
        result.AddFailures("afterHup", "from SIGHUP on", failures);
        result.AddFailures("beforeHup", "before the SIGHUP", baseline);
        return result;
    }
}
