namespace StickyActors.Worker;

/// <summary>
/// The raw-socket worker API: the connections the master hands this worker, for protocols other
/// than HTTP. (For HTTP, use the Kestrel transport in StickyActors.Kestrel instead.)
/// </summary>
public sealed class StickyWorker
{
    private readonly WorkerRuntime _runtime;

    internal StickyWorker(WorkerRuntime runtime) => _runtime = runtime;

    /// <summary>This worker's id: 0 to the worker count − 1, kept by its replacements.</summary>
    public int WorkerId => _runtime.WorkerId;

    /// <summary>
    /// Signalled when this worker should stop: drained by the master, stopped locally, or the
    /// master was lost. Connections already handed over stay readable from <see cref="AcceptAsync"/>.
    /// </summary>
    public CancellationToken Stopping => _runtime.Stopping;

    /// <summary>Completes once the master has accepted this worker's registration.</summary>
    public Task Registered => _runtime.Registered;

    /// <summary>
    /// Completes when the master will hand this worker no more connections: after a stop, once the
    /// master has sealed this worker's channel (or is gone). What arrived before stays readable.
    /// </summary>
    public Task HandoffsCompleted => _runtime.HandoffsCompleted;

    /// <summary>
    /// Issues and checks affinity cookies (<c>affinity.key = bucket-cookie</c>); the Kestrel package's
    /// <c>UseStickyActorsAffinity()</c> uses it, and so can a raw-socket HTTP server.
    /// </summary>
    public AffinityCookieIssuer AffinityCookies => _runtime.AffinityCookies;

    /// <summary>The master's public listening endpoint, as the master bound it; null when not known.</summary>
    public System.Net.IPEndPoint? ListenEndPoint { get; } = ListenEndPointVariable.FromCurrentProcess();

    /// <summary>This worker's end of the backplane between workers (used by StickyActors.SignalR).</summary>
    internal Backplane.IWorkerBackplane Backplane => _runtime.Backplane;

    /// <summary>
    /// The next connection handed to this worker, or null when no more will come (the master
    /// sealed the channel for a drain, or is gone). The caller owns the connection.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait (not the handoff).</param>
    public async ValueTask<StickyConnection?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        _runtime.Startup.Accepting();
        var reader = _runtime.Connections;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.TryRead(out var connection))
            {
                return connection;
            }
        }

        return null;
    }

    /// <summary>
    /// Starts a local stop (for example on SIGTERM): the master stops routing here and seals the
    /// channel, so <see cref="AcceptAsync"/> returns what is in flight and then null.
    /// </summary>
    public void BeginStop() => _runtime.BeginLocalStop();
}
