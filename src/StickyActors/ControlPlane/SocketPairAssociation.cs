using System.Net.Sockets;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Remote.Transport;
using Google.Protobuf;

namespace StickyActors.ControlPlane;

/// <summary>
/// One control-plane association over one end of a Unix stream socket pair: Akka's PDUs framed with a
/// 4-byte big-endian length. Writes are queued in order and sent by one asynchronous loop; reads are
/// one pending asynchronous receive (the runtime's socket engine wakes it), so an idle association
/// costs no thread and no timer. End of file, an error or a malformed frame ends the association with
/// one <see cref="Disassociated"/>.
/// </summary>
internal sealed class SocketPairAssociation : AssociationHandle
{
    // Akka's writer backs off (and retries) while Write answers false.
    private const long MaxQueuedBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan s_flushOnDisassociate = TimeSpan.FromSeconds(2);

    private readonly Socket _socket;
    private readonly long _maxFrame;
    private readonly Action<SocketPairAssociation>? _announce;
    private readonly Channel<byte[]> _outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();
    private long _queuedBytes;
    private int _disassociated;

    /// <param name="fd">The socket end; this association owns and closes it.</param>
    /// <param name="local">This side's transport address.</param>
    /// <param name="remote">The peer's transport address.</param>
    /// <param name="maxFrame">The largest payload accepted in either direction.</param>
    /// <param name="announce">For an inbound association: called once the peer's first bytes arrived (it has started and associates).</param>
    public SocketPairAssociation(int fd, Address local, Address remote, long maxFrame, Action<SocketPairAssociation>? announce)
        : base(local, remote)
    {
        _socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        _maxFrame = maxFrame;
        _announce = announce;
        ReadHandlerSource = new TaskCompletionSource<IHandleEventListener>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = WriteLoopAsync();
        _ = ReadLoopAsync();
    }

    /// <summary>Completes once the socket is closed.</summary>
    public Task Closed => _closed.Task;

    public override bool Write(ByteString payload)
    {
        if (_closed.Task.IsCompleted || Interlocked.Read(ref _queuedBytes) > MaxQueuedBytes)
        {
            return false;
        }

        var frame = ControlFrameBuffer.Encode(payload);
        Interlocked.Add(ref _queuedBytes, frame.Length);
        return _outbound.Writer.TryWrite(frame);
    }

    /// <summary>Sends what is queued (for at most 2 s), then closes the socket.</summary>
    [Obsolete("Use the method that states reasons to make sure disassociation reasons are logged.")]
    public override void Disassociate()
    {
        if (!_outbound.Writer.TryComplete())
        {
            return;
        }

        try
        {
            _abort.CancelAfter(s_flushOnDisassociate);
        }
        catch (ObjectDisposedException)
        {
            // The writer finished and closed the socket in the meantime.
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            var reader = _outbound.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    await _socket.SendAsync(frame, SocketFlags.None, _abort.Token).ConfigureAwait(false);
                    Interlocked.Add(ref _queuedBytes, -frame.Length);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer is gone or the flush took too long: the read side reports the end.
        }

        Close();
    }

    private async Task ReadLoopAsync()
    {
        var frames = new ControlFrameBuffer(_maxFrame);
        try
        {
            if (_announce is not null)
            {
                // An inbound end exists from the launch on; it becomes an association only once the
                // worker associates, so Akka's handshake timeout runs from then, not from the fork.
                var first = await _socket.ReceiveAsync(frames.Free, SocketFlags.None).ConfigureAwait(false);
                if (first == 0)
                {
                    Close();
                    return;
                }

                frames.Received(first);
                _announce(this);
            }

            var listener = await ReadHandlerOrClosedAsync().ConfigureAwait(false);
            if (listener is null)
            {
                return;
            }

            while (true)
            {
                ControlFrameBuffer.Take take;
                while ((take = frames.TryTake(out var payload)) == ControlFrameBuffer.Take.Frame)
                {
                    listener.Notify(new InboundPayload(UnsafeByteOperations.UnsafeWrap(payload)));
                }

                var read = take == ControlFrameBuffer.Take.Invalid ? 0 : await _socket.ReceiveAsync(frames.Free, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    Disassociated(listener);
                    return;
                }

                frames.Received(read);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (ReadHandlerSource.Task.IsCompletedSuccessfully)
            {
                Disassociated(ReadHandlerSource.Task.Result);
            }
            else
            {
                Close();
            }
        }
    }

    private async Task<IHandleEventListener?> ReadHandlerOrClosedAsync()
    {
        await Task.WhenAny(ReadHandlerSource.Task, _closed.Task).ConfigureAwait(false);
        return ReadHandlerSource.Task.IsCompletedSuccessfully ? ReadHandlerSource.Task.Result : null;
    }

    /// <summary>Tells the listener once, then closes: <see cref="Closed"/> completes only after the listener knows.</summary>
    private void Disassociated(IHandleEventListener listener)
    {
        if (Interlocked.Exchange(ref _disassociated, 1) == 0)
        {
            listener.Notify(new Disassociated(DisassociateInfo.Unknown));
        }

        Close();
    }

    private void Close()
    {
        if (!_closed.TrySetResult())
        {
            return;
        }

        _outbound.Writer.TryComplete();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone on the other side.
        }

        _socket.Dispose();
        _abort.Dispose();
    }
}
