namespace StickyActors.Benchmarks.Faults;

/// <summary>Turns one kill -9 round's request records into its figures.</summary>
internal static class KillNineAnalysis
{
    public static readonly FaultMetric VictimId = new("killedWorkerId", "killed worker id", HasMedian: false);
    public static readonly FaultMetric VictimPid = new("killedPid", "killed pid", HasMedian: false);
    public static readonly FaultMetric VictimSources = new("killedWorkerClients", "killed worker's clients (source addresses)");
    public static readonly FaultMetric FailedVictim = new("failedKilledWorkerClients", "  … among the killed worker's clients");
    public static readonly FaultMetric FailedOthers = new("failedOtherClients", "  … among other clients (promise: 0)");
    public static readonly FaultMetric OthersMoved = new("otherClientsMoved", "other clients answered by another worker (promise: 0)");
    public static readonly FaultMetric Unstable = new("unstableSourcesBeforeKill", "sources on >1 worker before the kill (expect 0)");
    public static readonly FaultMetric FirstSuccess = new("killToFirstSuccessMs", "kill → first success, killed worker's client, ms", "0.0");
    public static readonly FaultMetric FirstSuccessWorker = new("firstSuccessWorkerId", "  … answered by worker id", HasMedian: false);
    public static readonly FaultMetric LastFailure = new("killToLastFailureMs", "kill → last failure, killed worker's clients, ms", "0.0");
    public static readonly FaultMetric Recovery = new("killToReplacementRunningMs", "kill → replacement Running (status), ms", "0");

    public static RoundResult Analyze(IReadOnlyList<RequestRecord> records, WorkerView victim, long killAt, long runningAt, int sources)
    {
        var window = new FaultWindow("Kill", "kill", ", total", records, killAt, sources);
        var owners = window.Owners;
        var victimFailures = new FailureCounts();
        var otherFailures = new FailureCounts();
        long firstOk = long.MaxValue, lastFailure = 0;
        int firstOkWorker = -1, othersMoved = 0;
        foreach (var r in window.After)
        {
            var isVictimClient = owners[r.Source] == victim.Id;
            if (!r.Ok)
            {
                (isVictimClient ? victimFailures : otherFailures).Add(r);
                lastFailure = isVictimClient ? Math.Max(lastFailure, r.EndedAt) : lastFailure;
            }
            else if (!isVictimClient)
            {
                othersMoved += r.WorkerId != owners[r.Source] ? 1 : 0;
            }
            else if (r.StartedAt >= killAt && r.EndedAt < firstOk)
            {
                (firstOk, firstOkWorker) = (r.EndedAt, r.WorkerId);
            }
        }

        var result = new RoundResult();
        result.Add(VictimId, victim.Id);
        result.Add(VictimPid, victim.Pid);
        result.Add(VictimSources, owners.CountOwnedBy(victim.Id));
        result.Add(window.Requests, window.After.Count);
        result.Add(window.Failed, victimFailures.Total + otherFailures.Total);
        result.Add(FailedVictim, victimFailures.Total);
        result.Add(FailedOthers, otherFailures.Total);
        result.Add(OthersMoved, othersMoved);
        result.Add(window.Baseline, window.BaselineFailures.Total);
        result.Add(Unstable, owners.Unstable);
        result.Add(FirstSuccess, FaultRun.Ms(killAt, firstOk));
        result.Add(FirstSuccessWorker, firstOkWorker < 0 ? double.NaN : firstOkWorker);
        result.Add(LastFailure, FaultRun.Ms(killAt, lastFailure));
        result.Add(Recovery, FaultRun.Ms(killAt, runningAt));
        ReplacementShareAnalysis.AddTo(result, records, victim, killAt, runningAt, owners);
        result.AddFailures("killedWorkerClients", "killed worker's clients", victimFailures);
        result.AddFailures("otherClients", "other clients", otherFailures);
        window.AddBaselineFailures(result);
        return result;
    }
}
