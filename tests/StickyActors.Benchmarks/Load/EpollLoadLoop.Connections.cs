using System.Diagnostics;
using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Interop;
using EpollEvent = StickyActors.Interop.EpollEvent;

namespace StickyActors.Benchmarks.Load;

/// <summary>The per-connection state machine: open, send, read, complete or fail.</summary>
internal sealed unsafe partial class EpollLoadLoop
{
    private const uint Interest = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;

    /// <summary>Opens slot <paramref name="index"/>: socket, bind to the next source address, connect, send.</summary>
    private void Open(int index)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var fd = Libc.Socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"socket failed: errno {Marshal.GetLastPInvokeError()} (is ulimit -n too low?)");
        }

        ref var slot = ref _slots[index];
        slot = new ClientSlot { Fd = fd, StartedAt = startedAt };
        var one = 1;
        Libc.SetSockOpt(fd, Libc.IPPROTO_IP, Libc.IP_BIND_ADDRESS_NO_PORT, &one, sizeof(int));
        if (Libc.Bind(fd, _sources.Pointer(_nextSource++), SockAddr.Size) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Release(index);
            throw new InvalidOperationException($"bind to a 127.x source address failed: errno {errno}");
        }

        var eventBytes = stackalloc byte[16];
        EpollEvent.Write(eventBytes, Interest, (ulong)index);
        if ((Libc.Connect(fd, _target, SockAddr.Size) != 0 && Marshal.GetLastPInvokeError() != Libc.EINPROGRESS)
            || Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_ADD, fd, eventBytes) != 0
            || !TrySend(ref slot))
        {
            Fail(index);
        }
    }

    private void OnEvent(int index, uint events, long now)
    {
        ref var slot = ref _slots[index];
        if (slot.Fd < 0)
        {
            return;
        }

        if (slot.Sent < _requestLength && (events & Libc.EPOLLOUT) != 0 && !TrySend(ref slot))
        {
            Fail(index);
            return;
        }

        if ((events & (Libc.EPOLLIN | Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR)) != 0)
        {
            Read(index, ref slot, now);
        }
    }

    /// <summary>Reads until the socket is drained or the response is complete (edge-triggered).</summary>
    private void Read(int index, ref ClientSlot slot, long now)
    {
        while (true)
        {
            var room = BufferSize - slot.Received;
            if (room == 0)
            {
                Fail(index);
                return;
            }

            var buffer = _buffers + ((long)index * BufferSize);
            var read = Libc.Recv(slot.Fd, buffer + slot.Received, (nuint)room, 0);
            if (read > 0)
            {
                if (slot.FirstByteAt == 0)
                {
                    slot.FirstByteAt = now;
                }

                slot.Received += (int)read;
                var length = ResponseParser.CompleteLength(new ReadOnlySpan<byte>(buffer, slot.Received), out var ok);
                if (length > 0)
                {
                    Complete(index, ref slot, ok, now);
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
                Fail(index);
            }

            return;
        }
    }

    private void Complete(int index, ref ClientSlot slot, bool ok, long now)
    {
        if (!ok)
        {
            _counters.Errors++;
        }
        else if (now >= _start && now < _end)
        {
            _counters.Completed++;
            _latency?.Record(slot.FirstByteAt - slot.StartedAt);
        }

        if (_mode != LoadMode.KeepAlive)
        {
            Release(index);
            return;
        }

        slot.Sent = 0;
        slot.Received = 0;
        if (!TrySend(ref slot))
        {
            Fail(index);
        }
    }

    /// <summary>Sends the rest of the request; false on a hard error, true when sent or when it must wait.</summary>
    private bool TrySend(ref ClientSlot slot)
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
            if (errno != Libc.EINTR)
            {
                return errno == Libc.EAGAIN;
            }
        }

        return true;
    }

    private void Fail(int index)
    {
        _counters.Errors++;
        Release(index);
    }

    /// <summary>Closes the slot's socket (which also removes it from epoll) and frees the slot.</summary>
    private void Release(int index)
    {
        ref var slot = ref _slots[index];
        Libc.Close(slot.Fd);
        slot.Fd = -1;
        _free[_freeCount++] = index;
    }
}
