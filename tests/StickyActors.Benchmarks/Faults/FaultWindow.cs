namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// What every fault round reads the same way from its request records: the fault it is about (the
/// JSON key and label words of its shared rows), each client's worker learned before the fault, the
/// failures before it (the baseline, expected 0) and the requests that finished from it on.
/// </summary>
internal sealed class FaultWindow
{
    private readonly string _key;
    private readonly string _text;

    /// <param name="key">The fault in JSON keys: <c>Kill</c> gives <c>requestsAfterKill</c>, <c>failedBeforeKill</c>, …</param>
    /// <param name="text">The fault in labels: <c>kill</c> gives "failed before the kill".</param>
    /// <param name="failedNote">Appended to the "failed from … on" label, e.g. " (promise: 0)".</param>
    /// <param name="records">Every request of the round.</param>
    /// <param name="faultAt">When the fault happened, as a Stopwatch timestamp.</param>
    /// <param name="sources">How many source addresses the load came from.</param>
    public FaultWindow(string key, string text, string failedNote, IReadOnlyList<RequestRecord> records, long faultAt, int sources)
    {
        _key = key;
        _text = text;
        Requests = new($"requestsAfter{key}", $"requests finished from {text} to end of round");
        Failed = new($"failedAfter{key}", $"failed from {text} on{failedNote}");
        Baseline = new($"failedBefore{key}", $"failed before the {text} (expect 0)");
        FaultAt = faultAt;
        Owners = ClientOwners.Learn(records, faultAt, sources);
        foreach (var record in records)
        {
            if (record.EndedAt < faultAt)
            {
                BaselineFailures.Add(record);
            }
            else
            {
                After.Add(record);
            }
        }
    }

    public FaultMetric Requests { get; }

    public FaultMetric Failed { get; }

    public FaultMetric Baseline { get; }

    public long FaultAt { get; }

    /// <summary>Which worker answered each source before the fault.</summary>
    public ClientOwners Owners { get; }

    /// <summary>Failures of the requests that finished before the fault.</summary>
    public FailureCounts BaselineFailures { get; } = new();

    /// <summary>The requests that finished from the fault on, in the order they finished.</summary>
    public List<RequestRecord> After { get; } = [];

    /// <summary>The failures from the fault on, by kind: "from SIGHUP on: …".</summary>
    public void AddAfterFailures(RoundResult result, FailureCounts failures) => result.AddFailures($"after{_key}", $"from {_text} on", failures);

    /// <summary>The baseline failures by kind: "before the kill: …".</summary>
    public void AddBaselineFailures(RoundResult result) => result.AddFailures($"before{_key}", $"before the {_text}", BaselineFailures);
}
