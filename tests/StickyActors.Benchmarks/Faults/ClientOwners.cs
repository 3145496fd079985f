namespace StickyActors.Benchmarks.Faults;

/// <summary>Which worker id each client source address was answered by before a fault.</summary>
internal sealed class ClientOwners
{
    private readonly int[] _owner;

    private ClientOwners(int[] owner, int unstable)
    {
        _owner = owner;
        Unstable = unstable;
    }

    /// <summary>Sources answered by more than one worker id before the fault (stickiness says 0).</summary>
    public int Unstable { get; }

    /// <summary>The worker id of the source's last success before the fault, or -1 if it had none.</summary>
    public int this[int source] => _owner[source];

    public int CountOwnedBy(int workerId) => _owner.Count(o => o == workerId);

    /// <summary>Learns from the successful requests that finished before <paramref name="faultAt"/>.</summary>
    public static ClientOwners Learn(IReadOnlyList<RequestRecord> records, long faultAt, int sources)
    {
        var owner = Enumerable.Repeat(-1, sources).ToArray();
        var unstable = new bool[sources];
        foreach (var record in records)
        {
            if (!record.Ok || record.EndedAt >= faultAt)
            {
                continue;
            }

            unstable[record.Source] |= owner[record.Source] >= 0 && owner[record.Source] != record.WorkerId;
            owner[record.Source] = record.WorkerId;
        }

        return new ClientOwners(owner, unstable.Count(u => u));
    }
}
