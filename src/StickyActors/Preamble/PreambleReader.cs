using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.InteropServices;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Interop;
using StickyActors.Routing;

namespace StickyActors.Preamble;

/// <summary>
/// Reads client preambles (PROXY headers, HTTP request heads) for every pending connection on one
/// epoll thread: non-blocking, with one deadline for all, bounded in count. A slow or silent client
/// costs a table entry, never a thread, and never delays another client's handoff. One source
/// address (IPv6: its /64) holds at most <see cref="PreambleSettings.MaxPendingPerSource"/> entries,
/// so one source cannot take the pool from everyone else.
/// </summary>
internal sealed unsafe class PreambleReader : IDisposable
{
    private const int MaxEvents = 256;
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(100);

    private readonly AffinitySettings _affinity;
    private readonly PreambleSettings _limits;
    private readonly AffinityKeyPolicy _keys;
    private readonly ConnectionDispatcher _dispatcher;
    private readonly PreambleCounters _counters;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<int, Pending> _pending = new();
    private readonly ConcurrentQueue<Pending> _deadlines = new();
    private readonly PreambleSourceTable _sources;
    private readonly int _epoll;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public PreambleReader(AffinitySettings affinity, PreambleSettings limits, AffinityKeyPolicy keys, ConnectionDispatcher dispatcher, PreambleCounters counters, TimeProvider time)
    {
        _affinity = affinity;
        _limits = limits;
        _keys = keys;
        _dispatcher = dispatcher;
        _counters = counters;
        _time = time;
        _sources = new PreambleSourceTable(limits.MaxPendingPerSource);
        _epoll = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1 failed");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "sticky-preamble" };
        _thread.Start();
    }

    public int Count => _pending.Count;

    public PreambleCounters Counters => _counters;

    /// <summary>Takes ownership of a freshly accepted, non-blocking descriptor.</summary>
    public void Start(OwnedDescriptor descriptor, ClientAddress peer, long acceptedAt)
    {
        if (_pending.Count >= _limits.MaxPending)
        {
            descriptor.Close();
            _counters.Reject(PreambleRejection.Overloaded, $"{_limits.MaxPending} connections already in preamble state");
            return;
        }

        var trusted = _affinity.TrustedProxies.Any(network => peer.IsIn(network));
        var fd = descriptor.Number;
        var pending = new Pending(descriptor, new PreambleMachine(_affinity, _limits, _keys, peer, trusted), acceptedAt, CountedSource(peer, trusted));
        if (pending.Machine.Initial() is { } immediate)
        {
            Finish(pending, immediate, registered: false);
            return;
        }

        if (pending.Source is { } source && !_sources.TryTake(source))
        {
            descriptor.Close();
            _counters.Reject(PreambleRejection.SourceOverloaded, $"{_limits.MaxPendingPerSource} connections from {peer.ToEndPoint()?.Address} already in preamble state");
            return;
        }

        _pending[fd] = pending;
        _deadlines.Enqueue(pending);
        var slot = stackalloc byte[16];
        EpollEvent.Write(slot, Libc.EPOLLIN | Libc.EPOLLRDHUP, (ulong)fd);
        if (Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_ADD, fd, slot) != 0)
        {
            _pending.TryRemove(fd, out _);
            Release(pending);
            descriptor.Close();
            _counters.Reject(PreambleRejection.Overloaded, $"epoll_ctl failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        foreach (var pending in _pending.Values)
        {
            pending.Descriptor.Close();
        }

        _pending.Clear();
        Libc.Close(_epoll);
    }

    private void Run()
    {
        var events = stackalloc byte[MaxEvents * EpollEvent.Size];
        var buffer = new byte[_limits.MaxRequestHead + ProxyProtocolParser.MaxV2Length];
        while (!_stopping)
        {
            var ready = Libc.EpollWait(_epoll, events, MaxEvents, (int)s_tick.TotalMilliseconds);
            for (var i = 0; i < ready; i++)
            {
                var fd = (int)EpollEvent.Data(events + (i * EpollEvent.Size));
                if (_pending.TryGetValue(fd, out var pending))
                {
                    Read(pending, buffer);
                }
            }

            ExpireOverdue();
        }
    }

    private void Read(Pending pending, byte[] buffer)
    {
        fixed (byte* data = buffer)
        {
            var peeked = (int)Libc.Recv(pending.Fd, data, (nuint)buffer.Length, Libc.MSG_PEEK);
            if (peeked < 0 && Marshal.GetLastPInvokeError() is Libc.EAGAIN or Libc.EINTR)
            {
                return;
            }

            if (peeked <= 0)
            {
                Finish(pending, new PreambleDecision(0, PreambleOutcome.Reject, Rejection: PreambleRejection.ClosedEarly, Detail: "closed by the client"), registered: true);
                return;
            }

            var decision = pending.Machine.Step(buffer.AsSpan(0, peeked));
            if (decision.Consume > 0)
            {
                Libc.Recv(pending.Fd, data, (nuint)decision.Consume, 0);
            }

            if (decision.Outcome != PreambleOutcome.ReadMore)
            {
                Finish(pending, decision, registered: true);
            }
        }
    }

    private void ExpireOverdue()
    {
        while (_deadlines.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.AcceptedAt) >= _limits.Timeout)
        {
            _deadlines.TryDequeue(out _);
            if (_pending.TryGetValue(oldest.Fd, out var current) && ReferenceEquals(current, oldest))
            {
                Finish(oldest, new PreambleDecision(0, PreambleOutcome.Reject, Rejection: PreambleRejection.Timeout, Detail: $"no complete preamble within {_limits.Timeout}"), registered: true);
            }
        }
    }

    private void Finish(Pending pending, PreambleDecision decision, bool registered)
    {
        pending.Machine.ReturnBuffers();
        if (registered)
        {
            Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_DEL, pending.Fd, null);
            _pending.TryRemove(pending.Fd, out _);
            Release(pending);
        }

        if (decision.Outcome == PreambleOutcome.Route)
        {
            // Hand the worker a blocking socket, as accept(2) would have.
            var flags = Libc.Fcntl(pending.Fd, Libc.F_GETFL, 0);
            Libc.Fcntl(pending.Fd, Libc.F_SETFL, flags & ~Libc.O_NONBLOCK);
            _dispatcher.Dispatch(new AcceptedConnection(pending.Descriptor, decision.Client, pending.Machine.Replay, pending.AcceptedAt, decision.Key, Math.Max(decision.Bucket, 0), decision.Bucket >= 0));
            return;
        }

        // Counted before the client can see the close, so status never lags what a client saw.
        _counters.Reject(decision.Rejection, decision.Detail);
        if (decision.Answer400)
        {
            var response = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8;
            fixed (byte* bytes = response)
            {
                Libc.Send(pending.Fd, bytes, (nuint)response.Length, Libc.MSG_NOSIGNAL | Libc.MSG_DONTWAIT);
            }
        }

        pending.Descriptor.Close();
    }

    /// <summary>
    /// The source a connection counts against, or null for a trusted proxy sending PROXY headers:
    /// every client of a load balancer arrives from it, and the real client is known only afterwards.
    /// </summary>
    private PreambleSource? CountedSource(ClientAddress peer, bool trusted) =>
        trusted && _affinity.ProxyProtocol != ProxyProtocolMode.Off ? null : PreambleSource.Of(peer);

    private void Release(Pending pending)
    {
        if (pending.Source is { } source)
        {
            _sources.Release(source);
        }
    }

    private sealed record Pending(OwnedDescriptor Descriptor, PreambleMachine Machine, long AcceptedAt, PreambleSource? Source)
    {
        /// <summary>The descriptor number: the key of the pending table and of its epoll registration.</summary>
        public int Fd { get; } = Descriptor.Number;
    }
}
