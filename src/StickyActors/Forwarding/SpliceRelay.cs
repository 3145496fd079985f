using Microsoft.Extensions.Logging;
using StickyActors.Handoff;
using StickyActors.Routing;

namespace StickyActors.Forwarding;

/// <summary>
/// The forwarding host's side: each forwarded connection becomes a <see cref="SplicePair"/> on one
/// of <c>threads</c> epoll threads (round-robin), which connects to the owner, authenticates with the
/// cluster secret, and then relays with splice(2): no task, no actor message and no managed copy
/// per connection once relaying. The threads also run the <see cref="ForwardListener"/>'s handshakes.
/// </summary>
internal sealed class SpliceRelay : IConnectionForwarder, IDisposable
{
    private static readonly TimeSpan s_defaultConnectTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_maxTick = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_minTick = TimeSpan.FromMilliseconds(10);

    private readonly ILogger _logger;
    private readonly LogRateGate _failureLog = new();

    /// <param name="secret">The cluster secret both sides key the header's HMAC with; not empty.</param>
    /// <param name="counters">Where forwarding is counted (shared with the listener).</param>
    /// <param name="logger">For forward failures and the threads' lifecycle.</param>
    /// <param name="threads">Relay threads. Defaults to 1.</param>
    /// <param name="connectTimeout">How long connecting, the challenge and the header may take before the fallback gets the connection. Defaults to 2 s.</param>
    /// <param name="idleTimeout">A relayed pair with no bytes either way for this long is closed. Defaults to <see cref="TimeSpan.Zero"/>: never.</param>
    public SpliceRelay(ReadOnlyMemory<byte> secret, ForwardCounters counters, ILogger logger, int threads = 1, TimeSpan? connectTimeout = null, TimeSpan idleTimeout = default)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("The cluster secret is empty.", nameof(secret));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(idleTimeout, TimeSpan.Zero);
        Secret = secret.ToArray();
        Counters = counters;
        _logger = logger;
        ConnectTimeout = connectTimeout ?? s_defaultConnectTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(connectTimeout));
        IdleTimeout = idleTimeout;
        var shortest = idleTimeout > TimeSpan.Zero && idleTimeout < ConnectTimeout ? idleTimeout : ConnectTimeout;
        var tick = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, s_minTick.Ticks, s_maxTick.Ticks));
        Loops = new RelayLoops(threads, tick, logger);
    }

    public ForwardCounters Counters { get; }

    /// <summary>The address forwarded connections come from (this host's forward address, which the owners check); null lets the kernel pick.</summary>
    public System.Net.IPAddress? SourceAddress { get; init; }

    internal ReadOnlyMemory<byte> Secret { get; }

    internal TimeSpan ConnectTimeout { get; }

    internal TimeSpan IdleTimeout { get; }

    /// <summary>The relay threads, on which the forward listener runs its handshakes too.</summary>
    internal RelayLoops Loops { get; }

    public void Forward(AcceptedConnection connection, HostEntry owner, Action<AcceptedConnection> fallback)
    {
        Counters.OnForwardStarted();
        Loops.Post(new SplicePair(this, connection, owner, fallback));
    }

    public void CloseAllTo(string hostId) => Loops.PostToAll(() => new CloseAllToWork(hostId, _logger));

    /// <summary>Stops the threads; every pair and handshake still open is closed.</summary>
    public void Dispose() => Loops.Dispose();

    /// <summary>Counted before the fallback runs, so that whoever sees the fallback sees the count.</summary>
    internal void OnFailed(AcceptedConnection connection, HostEntry owner, ForwardStage stage, int errno)
    {
        Counters.OnForwardFailed();
        if (_failureLog.TryEnter(Environment.TickCount64, out var held))
        {
            ForwardingLog.ForwardFailed(_logger, connection.Bucket, owner.Id, owner.ForwardEndPoint.ToString(), stage, errno, held);
        }
    }

    /// <summary>Hands a connection the owner never took back to the caller's fallback; it is closed if the fallback throws.</summary>
    internal void GiveBack(AcceptedConnection connection, Action<AcceptedConnection> fallback)
    {
        try
        {
            fallback(connection);
        }
        catch (Exception exception)
        {
            ForwardingLog.CallbackFailed(_logger, exception);
            connection.Close();
        }
    }
}
