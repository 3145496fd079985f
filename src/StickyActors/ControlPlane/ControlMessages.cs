namespace StickyActors.ControlPlane;

/// <summary>Marker of every message that crosses between master and worker processes.</summary>
internal interface IControlMessage;

/// <summary>Worker → master: "I am the worker you launched in this slot"; the sender is the worker's control actor.</summary>
internal sealed record RegisterWorker(int WorkerId, int Generation, int Pid, string Secret) : IControlMessage;

/// <summary>Master → worker: registration accepted; the sender is the master's actor for this worker.</summary>
internal sealed record WorkerRegistered(int WorkerId) : IControlMessage;

/// <summary>Master → anyone who registered wrongly: refused, and why.</summary>
internal sealed record RegistrationRefused(string Reason) : IControlMessage;

/// <summary>Master → worker: stop taking connections, finish in-flight work, exit.</summary>
internal sealed record DrainWorker(TimeSpan Deadline) : IControlMessage;

/// <summary>Worker → master: "I am stopping on my own"; stop routing to me and seal my channel.</summary>
internal sealed record WorkerDraining(int WorkerId) : IControlMessage;

/// <summary>
/// Worker → master: the routing buckets with at least one open connection at this worker now (sent
/// debounced, when that set changed). Only the registered worker of the slot may report.
/// </summary>
internal sealed record WorkerSessions(int WorkerId, IReadOnlyList<int> OpenBuckets) : IControlMessage;

/// <summary>
/// Master → worker, with <c>affinity.key = bucket-cookie</c>: the buckets this worker owns now (sent
/// when that set changes) and how to write the affinity cookie (its name, lifetime, and the bucket
/// count and key its values are checked against).
/// </summary>
internal sealed record WorkerBucketsOwned(int WorkerId, string CookieName, TimeSpan CookieLifetime, int Buckets, ulong CookieKey, IReadOnlyList<int> Owned) : IControlMessage;

/// <summary>
/// Master → worker: "are you there?", sent to the registered control actor while the worker runs.
/// Answered with <see cref="Pong"/> only to the master actor that accepted the registration.
/// </summary>
internal sealed record Ping : IControlMessage
{
    public static Ping Instance { get; } = new();
}

/// <summary>
/// Worker → master: the answer to <see cref="Ping"/>; counts only from the registered control actor.
/// Carries running totals of this worker process, so the master's status shows them without a
/// report of their own: control-plane messages it ignored (strangers' messages to its control
/// actor), and connections it accepted itself from its slot socket (kernel steering).
/// </summary>
internal sealed record Pong(long IgnoredMessages, long SteeredAccepted = 0) : IControlMessage
{
    public static Pong Instance { get; } = new(0);
}
