using System.Diagnostics;

namespace StickyActors.Benchmarks.Faults;

/// <summary>Turns the cold-start round's request records into its figures.</summary>
internal static class ColdStartAnalysis
{
    public const int Windows = 5;

    public static readonly FaultMetric AllRunning = new("launchToAllRunningMs", "launch → every worker Running (status), ms");
    public static readonly FaultMetric FirstAnswer = new("launchToFirstAnswerMs", "launch → first answer, ms");
    public static readonly FaultMetric Moved = new("clientsThatChangedWorker", "clients answered by more than one worker (promise: 0)");
    public static readonly FaultMetric FailedBefore = new("failedBeforeAllRunning", "failed before every worker was Running");
    public static readonly FaultMetric FailedAfter = new("failedAfterAllRunning", "failed after (expect 0)");

    public static readonly FaultMetric[] MaxOverMean = Enumerable.Range(1, Windows)
        .Select(k => new FaultMetric($"maxOverMean{k}s", $"clients per worker, max/mean, {k - 1}-{k} s after all Running", "0.00"))
        .ToArray();

    public static RoundResult Analyze(IReadOnlyList<RequestRecord> records, long launchedAt, long allRunningAt, int workers, int sources)
    {
        var result = new RoundResult();
        var before = new FailureCounts();
        var after = new FailureCounts();
        foreach (var r in records.Where(r => !r.Ok))
        {
            (r.EndedAt < allRunningAt ? before : after).Add(r);
        }

        var firstOk = records.Where(r => r.Ok).Select(r => r.EndedAt).DefaultIfEmpty(0).Min();
        result.Add(AllRunning, FaultRun.Ms(launchedAt, allRunningAt));
        result.Add(FirstAnswer, FaultRun.Ms(launchedAt, firstOk));
        var lastStart = records.Count == 0 ? 0 : records.Max(r => r.StartedAt);
        for (var k = 0; k < Windows; k++)
        {
            var from = allRunningAt + (k * Stopwatch.Frequency);
            var to = from + Stopwatch.Frequency;
            var last = new Dictionary<int, int>();
            foreach (var r in records.Where(r => r.Ok && r.StartedAt >= from && r.StartedAt < to))
            {
                last[r.Source] = r.WorkerId;
            }

            var perWorker = Enumerable.Range(0, workers).Select(w => last.Values.Count(v => v == w)).ToArray();
            var mean = last.Count / (double)workers;
            result.Add(MaxOverMean[k], last.Count == 0 || to > lastStart ? double.NaN : perWorker.Max() / mean);
        }

        var moved = records.Where(r => r.Ok).GroupBy(r => r.Source).Count(g => g.Select(r => r.WorkerPid).Distinct().Count() > 1);
        result.Add(Moved, moved);
        result.Add(FailedBefore, before.Total);
        result.Add(FailedAfter, after.Total);
        result.AddFailures("beforeAllRunning", "before every worker was Running", before);
        result.AddFailures("afterAllRunning", "after", after);
        _ = sources;
        return result;
    }
}
