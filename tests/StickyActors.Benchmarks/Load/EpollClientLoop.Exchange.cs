using System.Diagnostics;
using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Interop;
using EpollEvent = StickyActors.Interop.EpollEvent;

namespace StickyActors.Benchmarks.Load;

/// <summary>One request's life on a slot: open and connect, send, read until the response is complete or it fails.</summary>
internal abstract unsafe partial class EpollClientLoop
{
    private const uint Interest = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;

    /// <summary>Opens slot <paramref name="index"/>: socket, bind to the next source address, connect, send once connected.</summary>
    protected void Open(int index)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var fd = Libc.Socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"socket failed: errno {Marshal.GetLastPInvokeError()} (is ulimit -n too low?)");
        }

        var source = (int)((uint)_nextSource++ % (uint)_sources.Count);
        ref var slot = ref _slots[index];
        slot = new ClientSlot { Fd = fd, Source = source, StartedAt = startedAt };
        var one = 1;
        Libc.SetSockOpt(fd, Libc.IPPROTO_IP, Libc.IP_BIND_ADDRESS_NO_PORT, &one, sizeof(int));
        if (Libc.Bind(fd, _sources.Pointer(source), SockAddr.Size) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.Close(fd);
            slot.Fd = -1;
            throw new InvalidOperationException($"bind to source {SockAddr.Format(_sources.Address(source))} failed: errno {errno}");
        }

        var eventBytes = stackalloc byte[16];
        EpollEvent.Write(eventBytes, Interest, (ulong)index);
        if (Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_ADD, fd, eventBytes) != 0)
        {
            throw new InvalidOperationException($"epoll_ctl failed: errno {Marshal.GetLastPInvokeError()}");
        }

        if (Libc.Connect(fd, _target, SockAddr.Size) == 0)
        {
            slot.Connected = true;
            Send(index, ref slot);
            return;
        }

        var error = Marshal.GetLastPInvokeError();
        if (error != Libc.EINPROGRESS)
        {
            OnFailed(index, SocketFailure.OfConnect(error), error);
        }
    }

    /// <summary>Sends the rest of the request; false when it failed (and the failure was reported).</summary>
    protected bool Send(int index, ref ClientSlot slot)
    {
        while (slot.Sent < _requestLength)
        {
            var sent = Libc.Send(slot.Fd, _request + slot.Sent, (nuint)(_requestLength - slot.Sent), Libc.MSG_NOSIGNAL);
            if (sent > 0)
            {
                slot.Sent += (int)sent;
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EAGAIN)
            {
                return true;
            }

            if (errno != Libc.EINTR)
            {
                OnFailed(index, SocketFailure.OfStream(errno, slot.Received), errno);
                return false;
            }
        }

        return true;
    }

    private void OnEvent(int index, uint events, long now)
    {
        ref var slot = ref _slots[index];
        if (slot.Fd < 0)
        {
            return;
        }

        if (!slot.Connected)
        {
            if ((events & (Libc.EPOLLOUT | Libc.EPOLLERR | Libc.EPOLLHUP)) == 0)
            {
                return;
            }

            int error = 0, length = sizeof(int);
            Libc.GetSockOpt(slot.Fd, Libc.SOL_SOCKET, Libc.SO_ERROR, &error, &length);
            if (error != 0)
            {
                OnFailed(index, SocketFailure.OfConnect(error), error);
                return;
            }

            slot.Connected = true;
        }

        if (slot.Sent < _requestLength && !Send(index, ref slot))
        {
            return;
        }

        if ((events & (Libc.EPOLLIN | Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0)
        {
            Read(index, ref slot, now);
        }
    }

    /// <summary>Reads until the socket is drained (edge-triggered), the response is complete, or it fails.</summary>
    private void Read(int index, ref ClientSlot slot, long now)
    {
        var buffer = _buffers + ((long)index * _bufferSize);
        while (true)
        {
            var room = _bufferSize - slot.Received;
            if (room == 0)
            {
                OnFailed(index, Outcome.Unrecognized, 0);
                return;
            }

            var read = Libc.Recv(slot.Fd, buffer + slot.Received, (nuint)room, 0);
            if (read > 0)
            {
                if (slot.FirstByteAt == 0)
                {
                    slot.FirstByteAt = now;
                }

                slot.Received += (int)read;
                var response = new ReadOnlySpan<byte>(buffer, slot.Received);
                var complete = ResponseParser.CompleteLength(response, out var ok);
                if (complete > 0)
                {
                    OnResponse(index, ref slot, response[..complete], ok, now);
                    return;
                }

                continue;
            }

            var errno = read < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno == Libc.EINTR)
            {
                continue;
            }

            if (errno != Libc.EAGAIN)
            {
                OnFailed(index, read == 0 ? (slot.Received == 0 ? Outcome.Closed : Outcome.Incomplete) : SocketFailure.OfStream(errno, slot.Received), errno);
            }

            return;
        }
    }
}
