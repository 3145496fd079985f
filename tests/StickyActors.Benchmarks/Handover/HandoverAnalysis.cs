using System.Diagnostics;
using StickyActors.Benchmarks.Faults;

using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Handover;

/// <summary>Turns one master replacement (handover or stop-and-start) under load into its figures.</summary>
internal static class HandoverAnalysis
{
    public static readonly FaultMetric Refused = new("refusedAfterSignal", "  … connect refused");
    public static readonly FaultMetric Reset = new("resetAfterSignal", "  … reset before response");
    public static readonly FaultMetric OldExit = new("signalToOldMasterExitMs", "signal → old master exited, ms", "0");
    public static readonly FaultMetric NewServes = new("signalToNewMasterServesMs", "signal → \"new master N serves\" logged, ms", "0");
    public static readonly FaultMetric FirstNew = new("signalToFirstNewWorkerAnswerMs", "signal → first answer by a new worker, ms", "0");
    public static readonly FaultMetric LastOld = new("signalToLastOldWorkerAnswerMs", "signal → last answer by an old worker, ms", "0");
    public static readonly FaultMetric Gap = new("longestGapWithoutAnswerMs", "longest time without any answer, from signal on, ms", "0");
    public static readonly FaultMetric Held = new("heldConnections", "held keep-alive connections (one GET answered each)");
    public static readonly FaultMetric HeldOnOld = new("heldOnOldWorkers", "  … answered by an old worker");
    public static readonly FaultMetric HeldClosed = new("heldClosedInOrder", "  … closed in order (FIN) by the server");
    public static readonly FaultMetric HeldReset = new("heldReset", "  … reset by the server");
    public static readonly FaultMetric HeldOther = new("heldUnexpected", "  … other end (bytes or error)");
    public static readonly FaultMetric HeldOpen = new("heldStillOpen", "  … still open at the end of the run");
    public static readonly FaultMetric HeldLastEnd = new("signalToLastHeldEndMs", "signal → last held connection ended, ms", "0");

    /// <param name="records">Every request of the run.</param>
    /// <param name="signalAt">When the master was signalled (USR2, or TERM for a stop-and-start).</param>
    /// <param name="oldExitAt">When the old master was seen gone.</param>
    /// <param name="newServesAt">When the old master logged that the new one serves (handover only), else 0.</param>
    /// <param name="oldWorkers">The old master's worker pids.</param>
    /// <param name="held">The held connections, read after the run.</param>
    /// <param name="sources">How many source addresses the load came from.</param>
    public static RoundResult Analyze(IReadOnlyList<RequestRecord> records, long signalAt, long oldExitAt, long newServesAt, IReadOnlySet<int> oldWorkers,
        IReadOnlyList<HeldConnection> held, int sources)
    {
        var window = new FaultWindow("Signal", "signal", string.Empty, records, signalAt, sources);
        var failures = new FailureCounts();
        long refused = 0, reset = 0, firstNew = 0, lastOld = 0, gap = 0, lastAnswer = signalAt;
        foreach (var r in window.After)
        {
            failures.Add(r);
            refused += r.Outcome == Outcome.Refused ? 1 : 0;
            reset += r.Outcome == Outcome.Reset ? 1 : 0;
            if (!r.Ok)
            {
                continue;
            }

            if (oldWorkers.Contains(r.WorkerPid))
            {
                lastOld = Math.Max(lastOld, r.EndedAt);
            }
            else if (firstNew == 0)
            {
                firstNew = r.EndedAt;
            }

            gap = Math.Max(gap, r.EndedAt - lastAnswer);
            lastAnswer = Math.Max(lastAnswer, r.EndedAt);
        }

        var ends = held.Select(h => h.End).ToArray();
        var result = new RoundResult();
        result.Add(window.Requests, window.After.Count);
        result.Add(window.Failed, failures.Total);
        result.Add(Refused, refused);
        result.Add(Reset, reset);
        result.Add(window.Baseline, window.BaselineFailures.Total);
        result.Add(OldExit, FaultRun.Ms(signalAt, oldExitAt));
        result.Add(NewServes, FaultRun.Ms(signalAt, newServesAt));
        result.Add(FirstNew, FaultRun.Ms(signalAt, firstNew));
        result.Add(LastOld, FaultRun.Ms(signalAt, lastOld));
        result.Add(Gap, gap * 1000.0 / Stopwatch.Frequency);
        result.Add(Held, held.Count);
        result.Add(HeldOnOld, held.Count(h => oldWorkers.Contains(h.WorkerPid)));
        result.Add(HeldClosed, ends.Count(e => e?.Kind == HeldEndKind.Closed));
        result.Add(HeldReset, ends.Count(e => e?.Kind == HeldEndKind.Reset));
        result.Add(HeldOther, ends.Count(e => e?.Kind == HeldEndKind.Unexpected));
        result.Add(HeldOpen, ends.Count(e => e is null));
        result.Add(HeldLastEnd, FaultRun.Ms(signalAt, ends.Select(e => e?.At ?? 0).DefaultIfEmpty(0).Max()));
        window.AddAfterFailures(result, failures);
        window.AddBaselineFailures(result);
        return result;
    }
}
