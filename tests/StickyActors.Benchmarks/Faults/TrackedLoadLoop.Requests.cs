using System.Diagnostics;
using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Interop;
using StickyActors.Benchmarks.Load;
using EpollEvent = StickyActors.Interop.EpollEvent;

namespace StickyActors.Benchmarks.Faults;

/// <summary>One request's life: open and connect, hand events on, then exactly one recorded outcome.</summary>
internal sealed unsafe partial class TrackedLoadLoop
{
    private const uint Interest = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;

    private void Open(int index)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var fd = Libc.Socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"socket failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var source = _nextSource++ % _sources.Count;
        ref var slot = ref _slots[index];
        slot = new TrackedSlot { Fd = fd, Source = source, StartedAt = startedAt };
        var one = 1;
        Libc.SetSockOpt(fd, Libc.IPPROTO_IP, Libc.IP_BIND_ADDRESS_NO_PORT, &one, sizeof(int));
        if (Libc.Bind(fd, _sources.Pointer(source), SockAddr.Size) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.Close(fd);
            slot.Fd = -1;
            throw new InvalidOperationException($"bind to source {SockAddr.Format(SourceAddresses.AddressAt(source))} failed: errno {errno}");
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
            Finish(index, SocketFailure.OfConnect(error), error);
        }
    }

    private void OnEvent(int index, uint events)
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
                Finish(index, SocketFailure.OfConnect(error), error);
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
            Read(index, ref slot);
        }
    }

    private void Finish(int index, Outcome outcome, int errno, int workerId = -1, int workerPid = 0)
    {
        ref var slot = ref _slots[index];
        _records.Add(new RequestRecord(slot.Source, slot.StartedAt, Stopwatch.GetTimestamp(), outcome, workerId, workerPid, errno));
        if (outcome == Outcome.Ok && !_answered[slot.Source])
        {
            _answered[slot.Source] = true;
            Interlocked.Increment(ref _covered);
        }

        Interlocked.Increment(ref _finished);
        Libc.Close(slot.Fd);
        slot.Fd = -1;
    }
}
