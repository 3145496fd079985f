using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Faults;

/// <summary>One request of the tracked load, as the load thread saw it.</summary>
/// <param name="Source">Index of the client source address (see <see cref="Load.SourceAddresses"/>).</param>
/// <param name="StartedAt">Stopwatch timestamp of socket(2).</param>
/// <param name="EndedAt">Stopwatch timestamp when the outcome was known.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="WorkerId">The worker id from the body, or -1.</param>
/// <param name="WorkerPid">The <c>X-Worker-Pid</c> header, or 0.</param>
/// <param name="Errno">The socket error behind <see cref="Outcome.OtherError"/> and the other socket failures, or 0.</param>
internal readonly record struct RequestRecord(int Source, long StartedAt, long EndedAt, Outcome Outcome, int WorkerId, int WorkerPid, int Errno)
{
    public bool Ok => Outcome == Outcome.Ok;
}
