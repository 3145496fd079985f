using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using StickyActors.Handoff;
using StickyActors.Listening.Steering;

namespace StickyActors.Worker;

/// <summary>
/// Under kernel steering, the worker's own accept loop on its slot's listening socket (a duplicate
/// of the master's, received over the handle channel). Each accepted connection joins the handed-off
/// ones in the same channel, with the bucket the master would give it, so Kestrel, the raw API and
/// the session reports see no difference. Disposing closes this process's copy only.
/// </summary>
internal sealed class SlotAcceptor : IDisposable
{
    private readonly Socket _listener;
    private readonly SlotKey _key;
    private readonly ChannelWriter<StickyConnection> _writer;
    private readonly BucketSessions? _sessions;
    private static readonly TimeSpan s_stopWait = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private long _accepted;

    public SlotAcceptor(Socket listener, SlotKey key, ChannelWriter<StickyConnection> writer, BucketSessions? sessions)
    {
        _listener = listener;
        _key = key;
        _writer = writer;
        _sessions = sessions;
    }

    /// <summary>Connections this worker accepted itself.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>
    /// Stops accepting, and returns once the accept loop has ended: a connection it accepted at the
    /// last moment is in the channel by then (the caller completes the channel next, and a
    /// connection written after that would be reset). Only then is this process's copy of the
    /// listening socket closed, with no accept pending or in flight: .NET closes a socket whose
    /// operations it had to abort abortively (SO_LINGER 0, and a disconnect that would stop a
    /// listening socket every other holder shares).
    /// </summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _ = _run.Wait(s_stopWait);
        }
        catch (AggregateException)
        {
            // The loop's own failure: nothing left to wait for.
        }

        _listener.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            Interlocked.Increment(ref _accepted);
            var remote = client.RemoteEndPoint as IPEndPoint;
            var address = remote is null ? ClientAddress.None : ClientAddress.FromEndPoint(remote);
            var bucket = address.IsNone ? 0 : _key.BucketOf(address);

            // The socket's own endpoint when it already is what the application should see (an IPv4
            // client on an IPv4 socket); a new one only to unmap an IPv4 client of a dual-mode socket.
            var endPoint = remote is not null && remote.AddressFamily == address.Family ? remote : address.ToEndPoint();
            var connection = new StickyConnection(client, endPoint, ReadOnlyMemory<byte>.Empty, bucket, _sessions);
            if (_writer.TryWrite(connection))
            {
                continue;
            }

            try
            {
                await _writer.WriteAsync(connection).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                connection.Dispose();
                return;
            }
        }
    }
}
