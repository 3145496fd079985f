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

/// <summary>
/// A message of the SignalR backplane: worker → its master → the master's other workers and, in a
/// cluster, every other host's workers. The master only fans these out; it never reads them. Only
/// the registered control actor of a worker may publish one, and a worker takes them only from the
/// master actor that accepted its registration.
/// </summary>
internal interface IBackplaneMessage : IControlMessage;

/// <summary>Which clients of a hub a <see cref="BackplaneInvocation"/> is for.</summary>
internal enum BackplaneAudience : byte
{
    /// <summary>Every connection (<c>Targets</c> empty), minus <c>Excluded</c>.</summary>
    All = 0,

    /// <summary>The connections whose ids are the <c>Targets</c>.</summary>
    Connections = 1,

    /// <summary>The members of the groups named by the <c>Targets</c>, minus <c>Excluded</c>.</summary>
    Groups = 2,

    /// <summary>The connections of the users named by the <c>Targets</c>.</summary>
    Users = 3,
}

/// <summary>
/// One hub invocation for the clients of the other processes: the hub (its type's full name), who
/// receives it, and the invocation already serialized once per hub protocol (protocol name → bytes),
/// so a receiver writes those bytes to its connections without deserializing anything.
/// </summary>
internal sealed record BackplaneInvocation(
    string Hub,
    BackplaneAudience Audience,
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Excluded,
    IReadOnlyList<BackplanePayload> Payloads) : IBackplaneMessage;

/// <summary>A hub invocation serialized by one hub protocol (a part of <see cref="BackplaneInvocation"/>).</summary>
internal sealed record BackplanePayload(string Protocol, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// Add connection <paramref name="ConnectionId"/> to group <paramref name="Group"/> of hub
/// <paramref name="Hub"/> (or remove it, <paramref name="Add"/> false): for the process that holds
/// the connection, which answers with a <see cref="BackplaneAck"/> to <paramref name="ReplyTo"/>.
/// </summary>
internal sealed record BackplaneGroupCommand(string Hub, string ReplyTo, long Id, string ConnectionId, string Group, bool Add) : IBackplaneMessage;

/// <summary>The answer to the <see cref="BackplaneGroupCommand"/> <paramref name="Id"/> that <paramref name="ReplyTo"/> sent: done.</summary>
internal sealed record BackplaneAck(string ReplyTo, long Id) : IBackplaneMessage;
