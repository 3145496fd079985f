using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Interop;
using EpollEvent = StickyActors.Interop.EpollEvent;

namespace StickyActors.Benchmarks.Load;

/// <summary>
/// The client engine the load loops share: connection slots on one edge-triggered epoll instance,
/// each a non-blocking socket bound to the next source address and connected to address:port,
/// a preformatted request sent and the response read into the slot's pinned buffer, all by raw
/// syscalls (nothing allocated per request). What a response or a failure means is the subclass's:
/// <see cref="EpollLoadLoop"/> counts them, <c>Faults.TrackedLoadLoop</c> records every request.
/// </summary>
internal abstract unsafe partial class EpollClientLoop : IDisposable
{
    private readonly int _bufferSize;
    private readonly int _maxEvents;
    private readonly long _maxWaitTicks;
    private readonly SourceAddresses _sources;
    private readonly byte[] _pinned;
    private readonly byte* _target;
    private readonly byte* _request;
    private readonly int _requestLength;
    private readonly byte* _events;
    private readonly byte* _buffers;
    private readonly ClientSlot[] _slots;
    private readonly int _epoll;
    private int _nextSource;

    protected EpollClientLoop(uint address, int port, byte[] request, int slots, SourceAddresses sources, int firstSource, int bufferSize, int maxEvents, long maxWaitTicks)
    {
        _sources = sources;
        _nextSource = firstSource;
        _bufferSize = bufferSize;
        _maxEvents = maxEvents;
        _maxWaitTicks = maxWaitTicks;
        _requestLength = request.Length;
        var eventsOffset = SockAddr.Size + request.Length;
        var buffersOffset = eventsOffset + (maxEvents * EpollEvent.Size);
        _pinned = GC.AllocateArray<byte>(buffersOffset + (slots * bufferSize) + 8, pinned: true);
        var basePointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_pinned));
        _target = basePointer;
        SockAddr.WriteV4(_pinned, address, (ushort)port);
        _request = basePointer + SockAddr.Size;
        request.CopyTo(_pinned.AsSpan(SockAddr.Size));
        _events = basePointer + eventsOffset;
        _buffers = basePointer + buffersOffset;
        _slots = new ClientSlot[slots];
        for (var i = 0; i < slots; i++)
        {
            _slots[i].Fd = -1;
        }

        _epoll = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    protected SourceAddresses Sources => _sources;

    protected int SlotCount => _slots.Length;

    protected ref ClientSlot Slot(int index) => ref _slots[index];

    public void Dispose()
    {
        CloseAll();
        Libc.Close(_epoll);
    }

    /// <summary>A complete response arrived on slot <paramref name="index"/>; <paramref name="ok"/>: status 200.</summary>
    protected abstract void OnResponse(int index, ref ClientSlot slot, ReadOnlySpan<byte> response, bool ok, long now);

    /// <summary>The request on slot <paramref name="index"/> failed; the slot still holds its socket.</summary>
    protected abstract void OnFailed(int index, Outcome outcome, int errno);

    /// <summary>Waits up to <paramref name="ticks"/> (at most the loop's longest wait) for events and handles them.</summary>
    protected void WaitAndHandle(long ticks)
    {
        var timeout = stackalloc long[2];
        var nanos = (long)(Math.Clamp(ticks, 0, _maxWaitTicks) * (1e9 / Stopwatch.Frequency));
        timeout[0] = nanos / 1_000_000_000;
        timeout[1] = nanos % 1_000_000_000;
        var ready = Libc.EpollPWait2(_epoll, _events, _maxEvents, timeout, 0);
        if (ready < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EINTR)
            {
                return;
            }

            throw new InvalidOperationException($"epoll_pwait2 failed: errno {errno}");
        }

        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < ready; i++)
        {
            var entry = _events + (i * EpollEvent.Size);
            OnEvent((int)EpollEvent.Data(entry), EpollEvent.Events(entry), now);
        }
    }

    /// <summary>Closes the slot's socket (which also removes it from epoll); the slot is free again.</summary>
    protected virtual void Release(int index)
    {
        ref var slot = ref _slots[index];
        Libc.Close(slot.Fd);
        slot.Fd = -1;
    }

    protected void CloseAll()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Fd >= 0)
            {
                Release(i);
            }
        }
    }
}
