using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Interop;
using StickyActors.Benchmarks.Load;
using EpollEvent = StickyActors.Interop.EpollEvent;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// Connection-per-request GETs on one thread and one edge-triggered epoll instance, keeping
/// <c>connections</c> in flight, each from the next source address, until stopped. Unlike the
/// counting <see cref="EpollLoadLoop"/> it records every request: source, times, outcome and who
/// answered. Requests still in flight when it stops are closed and not recorded.
/// </summary>
internal sealed unsafe partial class TrackedLoadLoop : IDisposable
{
    private const int BufferSize = 4096;
    private const int MaxEvents = 256;
    private static readonly long MaxWaitTicks = Stopwatch.Frequency / 50;

    private readonly SourceAddresses _sources;
    private readonly long _timeoutTicks;
    private readonly byte[] _pinned;
    private readonly byte* _target;
    private readonly byte* _request;
    private readonly int _requestLength;
    private readonly byte* _events;
    private readonly byte* _buffers;
    private readonly TrackedSlot[] _slots;
    private readonly bool[] _answered;
    private readonly List<RequestRecord> _records = new(1 << 16);
    private readonly int _epoll;
    private volatile bool _stopping;
    private int _nextSource;
    private int _covered;
    private long _finished;

    public TrackedLoadLoop(int port, int connections, SourceAddresses sources, TimeSpan requestTimeout)
    {
        _sources = sources;
        _timeoutTicks = (long)(requestTimeout.TotalSeconds * Stopwatch.Frequency);
        var request = HttpRequestBytes.Close(port);
        _requestLength = request.Length;
        var eventsOffset = SockAddr.Size + request.Length;
        var buffersOffset = eventsOffset + (MaxEvents * EpollEvent.Size);
        _pinned = GC.AllocateArray<byte>(buffersOffset + (connections * BufferSize) + 8, pinned: true);
        var basePointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_pinned));
        _target = basePointer;
        SockAddr.WriteV4(_pinned, 0x7F00_0001, (ushort)port);
        _request = basePointer + SockAddr.Size;
        request.CopyTo(_pinned.AsSpan(SockAddr.Size));
        _events = basePointer + eventsOffset;
        _buffers = basePointer + buffersOffset;
        _slots = new TrackedSlot[connections];
        for (var i = 0; i < connections; i++)
        {
            _slots[i].Fd = -1;
        }

        _answered = new bool[sources.Count];
        _epoll = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>How many source addresses have had at least one successful answer.</summary>
    public int CoveredSources => Volatile.Read(ref _covered);

    /// <summary>Requests finished (either way) so far.</summary>
    public long Finished => Interlocked.Read(ref _finished);

    /// <summary>Every finished request; read it only after <see cref="Run"/> has returned.</summary>
    public List<RequestRecord> Records => _records;

    /// <summary>Asks <see cref="Run"/> to return at its next turn.</summary>
    public void Stop() => _stopping = true;

    /// <summary>Drives the load until <see cref="Stop"/> or the <paramref name="deadline"/> timestamp.</summary>
    public void Run(long deadline)
    {
        var timeout = stackalloc long[2];
        while (!_stopping)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= deadline)
            {
                break;
            }

            ExpireTimedOut(now);
            for (var i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].Fd < 0)
                {
                    Open(i);
                }
            }

            var nanos = (long)(Math.Min(MaxWaitTicks, deadline - now) * (1e9 / Stopwatch.Frequency));
            timeout[0] = nanos / 1_000_000_000;
            timeout[1] = nanos % 1_000_000_000;
            var ready = Libc.EpollPWait2(_epoll, _events, MaxEvents, timeout, 0);
            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                throw new InvalidOperationException($"epoll_pwait2 failed: errno {errno}");
            }

            for (var i = 0; i < ready; i++)
            {
                var entry = _events + (i * EpollEvent.Size);
                OnEvent((int)EpollEvent.Data(entry), EpollEvent.Events(entry));
            }
        }

        CloseAll();
    }

    public void Dispose()
    {
        CloseAll();
        Libc.Close(_epoll);
    }

    private void ExpireTimedOut(long now)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            ref var slot = ref _slots[i];
            if (slot.Fd >= 0 && now - slot.StartedAt > _timeoutTicks)
            {
                Finish(i, slot.Connected ? Outcome.ResponseTimeout : Outcome.ConnectTimeout, 0);
            }
        }
    }

    private void CloseAll()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Fd >= 0)
            {
                Libc.Close(_slots[i].Fd);
                _slots[i].Fd = -1;
            }
        }
    }
}
