namespace StickyActors.Supervision;

/// <summary>A point-in-time view of the master and its workers.</summary>
/// <param name="MasterPid">The master's process id.</param>
/// <param name="ListenEndPoint">Where the master accepts connections.</param>
/// <param name="Workers">Every worker slot.</param>
/// <param name="Accepted">Connections accepted.</param>
/// <param name="Rerouted">Handoffs that found their worker dead and went to another.</param>
/// <param name="Overflowed">Connections closed because a worker's queue was full.</param>
/// <param name="WaitingForWorker">Connections waiting now because no worker is alive.</param>
/// <param name="DroppedNoWorker">Connections closed after waiting too long for a worker.</param>
/// <param name="AcceptErrors">accept(2) failures (such as running out of descriptors).</param>
/// <param name="RejectedPreambles">Connections closed before routing, by reason (malformed PROXY header, timeout …).</param>
/// <param name="MasterAllocatedBytes">Bytes the master process allocated since it started.</param>
/// <param name="IgnoredControlMessages">Control-plane messages ignored because their sender may not send them (forged registrations, out-of-range worker ids, messages from strangers).</param>
public sealed record ClusterStatus(
    int MasterPid,
    string ListenEndPoint,
    IReadOnlyList<WorkerStatus> Workers,
    long Accepted,
    long Rerouted,
    long Overflowed,
    int WaitingForWorker,
    long DroppedNoWorker,
    long AcceptErrors,
    IReadOnlyDictionary<string, long> RejectedPreambles,
    long MasterAllocatedBytes,
    long IgnoredControlMessages)
{
    /// <summary>
    /// Requests routed to the bucket their affinity cookie named (<c>affinity.key = bucket-cookie</c>).
    /// Defaults to 0.
    /// </summary>
    public long AffinityCookiesRouted { get; init; }

    /// <summary>
    /// Requests whose affinity cookie was invalid (garbage, another format, a bucket beyond the table,
    /// made for another seed or bucket count), routed by the client address instead. Defaults to 0.
    /// </summary>
    public long AffinityCookiesRejected { get; init; }

    /// <summary>
    /// Beside the master's own <see cref="IgnoredControlMessages"/>: the messages the workers ignored
    /// (the sum of every slot's <see cref="WorkerStatus.IgnoredControlMessages"/>), as they reported them
    /// with their answers to the master's pings. Defaults to 0.
    /// </summary>
    public long IgnoredControlMessagesAtWorkers { get; init; }

    /// <summary>
    /// Under kernel steering, connections the workers accepted themselves from their slot sockets
    /// (the sum of every slot's <see cref="WorkerStatus.ConnectionsSteered"/>, a few seconds behind);
    /// <see cref="Accepted"/> counts only what the master accepted. Defaults to 0.
    /// </summary>
    public long Steered { get; init; }

    /// <summary>
    /// The pid of the master that serves the port, as this master knows it: its own, the successor's
    /// once it handed the listening socket over (SIGUSR2; this one then drains), or the previous
    /// master's while this one, started by a handover, waits for its workers. Defaults to 0 (unknown).
    /// </summary>
    public int CurrentMasterPid { get; init; }

    /// <summary>The pid of the master this one is handing over to (from its start until this one exits); 0 when none. Defaults to 0.</summary>
    public int SuccessorPid { get; init; }

    /// <summary>
    /// With <c>cluster.enabled</c>: every member of the cluster this master knows, with its state and
    /// the buckets it owns here. Empty on a host alone. Defaults to empty.
    /// </summary>
    public IReadOnlyList<HostStatus> Hosts { get; init; } = [];

    /// <summary>With <c>cluster.enabled</c>: connections forwarded between hosts; null on a host alone. Defaults to null.</summary>
    public ForwardingStatus? Forwarding { get; init; }
}
