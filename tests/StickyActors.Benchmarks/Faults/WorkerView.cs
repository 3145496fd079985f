namespace StickyActors.Benchmarks.Faults;

/// <summary>One worker slot of a <c>sticky-status</c> line.</summary>
/// <param name="Id">The slot, 0 to count − 1; a replacement keeps it.</param>
/// <param name="Pid">The slot's current process.</param>
/// <param name="State">Running, Starting, Restarting, Draining or Stopped.</param>
/// <param name="Restarts">How often the slot was relaunched.</param>
/// <param name="BucketsOwned">Routing buckets it serves now.</param>
internal sealed record WorkerView(int Id, int Pid, string State, int Restarts, int BucketsOwned)
{
    public bool IsRunning => State == "Running";
}
