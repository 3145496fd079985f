namespace StickyActors.Supervision;

/// <summary>One worker as the master sees it.</summary>
/// <param name="Id">The worker's slot, 0 to count − 1; a replacement keeps the id.</param>
/// <param name="Pid">Process id of the current (or last) process; 0 before the first launch.</param>
/// <param name="State">Where the worker is in its life.</param>
/// <param name="Restarts">How many times this slot was relaunched.</param>
/// <param name="BucketsOwned">Routing buckets the worker serves now.</param>
/// <param name="ConnectionsHandedOff">Connections handed to this slot since the master started.</param>
/// <param name="LastExitCode">Exit code of the last process that exited, if any.</param>
/// <param name="LastError">The last lines that process wrote to standard error, if any.</param>
public sealed record WorkerStatus(
    int Id,
    int Pid,
    WorkerState State,
    int Restarts,
    int BucketsOwned,
    long ConnectionsHandedOff,
    int? LastExitCode,
    string? LastError)
{
    /// <summary>
    /// Of <see cref="BucketsOwned"/>, the buckets whose home is another worker (served here while
    /// their home worker is down, or until they may return).
    /// </summary>
    public int BucketsHeldForOthers { get; init; }

    /// <summary>
    /// This worker's home buckets that it does not serve now: at other workers, or waiting for it
    /// (while it starts or is replaced). Non-zero on a running worker means an imbalance.
    /// </summary>
    public int BucketsAwayFromHome { get; init; }

    /// <summary>
    /// Control-plane messages this slot's worker processes ignored because their sender may not send
    /// them (strangers' messages to the worker's control actor), as the workers reported them.
    /// </summary>
    public long IgnoredControlMessages { get; init; }

    /// <summary>
    /// Under kernel steering, connections this slot's worker processes accepted themselves from the
    /// slot's socket (the master never saw them), as the workers reported them with their last
    /// answer to the master's ping (a few seconds behind).
    /// </summary>
    public long ConnectionsSteered { get; init; }
}
