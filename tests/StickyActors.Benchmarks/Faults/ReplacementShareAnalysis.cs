using System.Diagnostics;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// After a kill -9: the replacement's share of the clients over time (per 1 s window after it
/// showed Running, its clients over the mean per worker; 1.0 is its full share), and how many of the
/// killed worker's clients changed worker more than once (the routing rules promise 0).
/// </summary>
internal static class ReplacementShareAnalysis
{
    public const int Windows = 5;

    public static readonly FaultMetric MovedTwice = new("killedWorkerClientsMovedTwice", "killed worker's clients that changed worker twice (promise: 0)");
    public static readonly FaultMetric ViaInterim = new("killedWorkerClientsViaOtherWorker", "killed worker's clients answered by another slot meanwhile");

    public static readonly FaultMetric[] ShareAt = Enumerable.Range(1, Windows)
        .Select(k => new FaultMetric($"replacementShare{k}s", $"replacement's share, {k - 1}-{k} s after Running (1.0 = full)", "0.00"))
        .ToArray();

    public static void AddTo(RoundResult result, IReadOnlyList<RequestRecord> records, WorkerView victim, long killAt, long runningAt, ClientOwners owners)
    {
        var workers = records.Where(r => r.Ok).Select(r => r.WorkerId).Distinct().Count();
        var second = Stopwatch.Frequency;
        for (var k = 0; k < Windows; k++)
        {
            var from = runningAt + (k * second);
            var to = from + second;
            var last = new Dictionary<int, RequestRecord>();
            foreach (var r in records.Where(r => r.Ok && r.StartedAt >= from && r.StartedAt < to))
            {
                last[r.Source] = r;
            }

            var replacement = last.Values.Count(r => r.WorkerId == victim.Id && r.WorkerPid != victim.Pid);
            var mean = last.Count / (double)Math.Max(1, workers);
            result.Add(ShareAt[k], last.Count == 0 || to > records.Max(r => r.StartedAt) ? double.NaN : replacement / mean);
        }

        int movedTwice = 0, viaOther = 0;
        foreach (var group in records.Where(r => r.Ok && owners[r.Source] == victim.Id).GroupBy(r => r.Source))
        {
            var sequence = new List<int>();
            foreach (var r in group.OrderBy(r => r.StartedAt))
            {
                if (sequence.Count == 0 || sequence[^1] != r.WorkerPid)
                {
                    sequence.Add(r.WorkerPid);
                }
            }

            movedTwice += sequence.Count > 2 ? 1 : 0;
            viaOther += group.Any(r => r.EndedAt >= killAt && r.WorkerId != victim.Id) ? 1 : 0;
        }

        result.Add(MovedTwice, movedTwice);
        result.Add(ViaInterim, viaOther);
    }
}
