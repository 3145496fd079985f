using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using StickyActors.Worker;

namespace StickyActors.Kestrel;

/// <summary>
/// Feeds Kestrel the sockets the master hands this worker. Unbinding (the host stopping) first asks
/// the master to stop routing here and seal the channel; every connection already in flight is
/// still accepted, then <see cref="AcceptAsync"/> returns null.
/// </summary>
internal sealed class StickyConnectionListener(StickyEndPoint endPoint, StickyWorker worker, SocketConnectionContextFactory contexts)
    : IConnectionListener
{
    private static readonly TimeSpan s_sealWait = TimeSpan.FromSeconds(5);

    // Kestrel's graceful stop closes connections whose first request has not started; a client
    // handed over just before the seal gets this long to have its request read first.
    private static readonly TimeSpan s_firstRequestGrace = TimeSpan.FromMilliseconds(500);

    private long _lastAccepted;

    public EndPoint EndPoint => endPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        StickyConnection? connection;
        try
        {
            connection = await worker.AcceptAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        if (connection is null)
        {
            return null;
        }

        Volatile.Write(ref _lastAccepted, Environment.TickCount64);

        // As Kestrel's own socket transport does for what it accepts (SocketTransportOptions.NoDelay):
        // without it, a response written in two parts waits for the client's delayed ACK.
        connection.Socket.NoDelay = true;
        var context = contexts.Create(connection.Socket);

        // Kestrel owns the socket from here; its end releases the bucket's session at this worker.
        context.ConnectionClosed.UnsafeRegister(static state => ((StickyConnection)state!).ReleaseSession(), connection);
        if (connection.RemoteEndPoint is not null)
        {
            context.RemoteEndPoint = connection.RemoteEndPoint;
        }

        return connection.Preamble.IsEmpty ? context : new PreambleConnectionContext(context, connection.Preamble);
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        worker.BeginStop();
        try
        {
            await worker.HandoffsCompleted.WaitAsync(s_sealWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The master did not seal in time (it may be gone); stop with what arrived.
        }

        var sinceLast = TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastAccepted));
        if (sinceLast < s_firstRequestGrace)
        {
            await Task.Delay(s_firstRequestGrace - sinceLast, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        contexts.Dispose();
        return ValueTask.CompletedTask;
    }
}
