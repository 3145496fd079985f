using System.Buffers;
using System.Runtime.InteropServices;
using StickyActors.Handoff;
using StickyActors.Interop;

namespace StickyActors.Forwarding;

/// <summary>
/// The owner's side of one inbound forward connection, non-blocking on a relay thread: write the
/// challenge, read exactly the header (the fixed part, then its declared length, nothing more: the
/// replay bytes after it stay in the socket for the worker), verify it, and hand the connection to
/// local dispatch in blocking mode. A peer that is slow past the deadline is dropped.
/// </summary>
internal sealed unsafe class InboundHandshake(ForwardListener listener, OwnedDescriptor descriptor, string peer, long acceptedAt) : IRelayWork, IRelayHandler
{
    private const uint Events = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;

    private RelayLoop? _loop;
    private ulong _token;
    private byte[]? _buffer;
    private int _sent;
    private int _received;
    private long _deadline;

    public void Run(RelayLoop loop)
    {
        _loop = loop;
        _token = loop.Add(this);
        _deadline = Environment.TickCount64 + (long)listener.HandshakeTimeout.TotalMilliseconds;
        _buffer = ArrayPool<byte>.Shared.Rent(ForwardChallenge.Length + ForwardHeader.MaxLength);
        ForwardChallenge.Create(_buffer);
        if (!loop.Watch(descriptor.Number, _token, Events))
        {
            Reject(ForwardRejection.PeerClosed);
            return;
        }

        Advance();
    }

    public void Cancel() => descriptor.Close();

    public void OnReady(uint events, bool second) => Advance();

    public void OnTick(long nowMs)
    {
        if (_buffer is not null && nowMs >= _deadline)
        {
            Reject(ForwardRejection.Timeout);
        }
    }

    public void Abort() => Finish();

    private void Advance()
    {
        if (_buffer is null || !SendChallenge())
        {
            return;
        }

        var header = _buffer.AsSpan(ForwardChallenge.Length);
        while (true)
        {
            var status = ForwardHeader.Read(header[.._received], _buffer.AsSpan(4, ForwardChallenge.NonceLength), listener.Secret.Span, out var route, out _, out var rejection);
            if (status == ForwardHeaderStatus.Valid)
            {
                Complete(route);
                return;
            }

            if (status == ForwardHeaderStatus.Rejected)
            {
                Reject(rejection);
                return;
            }

            var wanted = ForwardHeader.BytesNeeded(header[.._received]) - _received;
            nint read;
            fixed (byte* buffer = header)
            {
                read = Libc.Recv(descriptor.Number, buffer + _received, (nuint)wanted, Libc.MSG_DONTWAIT);
            }

            if (read <= 0)
            {
                if (read < 0 && Marshal.GetLastPInvokeError() is Libc.EAGAIN or Libc.EINTR)
                {
                    return;
                }

                Reject(ForwardRejection.PeerClosed);
                return;
            }

            _received += (int)read;
        }
    }

    /// <summary>Whether the whole challenge is written; false while it waits for room, or after a failure (rejected).</summary>
    private bool SendChallenge()
    {
        while (_sent < ForwardChallenge.Length)
        {
            nint sent;
            fixed (byte* buffer = _buffer)
            {
                sent = Libc.Send(descriptor.Number, buffer + _sent, (nuint)(ForwardChallenge.Length - _sent), Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
            }

            if (sent < 0)
            {
                if (Marshal.GetLastPInvokeError() is not (Libc.EAGAIN or Libc.EINTR))
                {
                    Reject(ForwardRejection.PeerClosed);
                }

                return false;
            }

            _sent += (int)sent;
        }

        return true;
    }

    private void Complete(ForwardRoute route)
    {
        Release();
        if (!ForwardSocket.SetNonBlocking(descriptor.Number, false))
        {
            descriptor.Close();
            return;
        }

        listener.Dispatch(new AcceptedConnection(descriptor, route.Client, ReadOnlyMemory<byte>.Empty, acceptedAt, route.Key, route.Bucket, Pinned: true));
    }

    private void Reject(ForwardRejection reason)
    {
        // Counted before the reset goes out: whoever sees the reset sees the count.
        listener.OnRejected(peer, reason);
        ForwardSocket.SetResetOnClose(descriptor.Number);
        Finish();
    }

    private void Finish()
    {
        Release();
        descriptor.Close();
    }

    /// <summary>Takes the descriptor off the loop (before it is closed or handed on) and returns the buffer.</summary>
    private void Release()
    {
        if (_buffer is null)
        {
            return;
        }

        _loop!.Unwatch(descriptor.Number);
        _loop.Remove(_token);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
