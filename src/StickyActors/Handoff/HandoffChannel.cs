using StickyActors.Interop;

namespace StickyActors.Handoff;

/// <summary>
/// The master's end of one worker's handle channel. The accept path sends without blocking; when the
/// worker reads slowly, connections wait in a bounded queue that a pump thread of this channel alone
/// drains (several descriptors per sendmsg), so one slow worker never stalls handoffs to the others.
/// When the worker dies, every connection not yet in the kernel goes back to be routed again.
/// </summary>
internal sealed class HandoffChannel : IHandoffTarget, IDisposable
{
    private readonly int _fd;
    private readonly int _capacity;
    private readonly Action<AcceptedConnection> _reroute;
    private readonly Queue<AcceptedConnection> _backlog = new();
    private readonly byte[] _directBuffer = new byte[HandoffFrame.HeaderSize + HandoffFrame.EntrySize + HandoffFrame.MaxPreamble];
    private readonly SemaphoreSlim _work = new(0);
    private readonly Thread _pump;
    private volatile bool _alive = true;
    private int _diedRaised;
    private int _disposed;

    public HandoffChannel(int workerId, int fd, int capacity, Action<AcceptedConnection> reroute)
    {
        WorkerId = workerId;
        _fd = fd;
        _capacity = capacity;
        _reroute = reroute;
        _pump = new Thread(Pump) { IsBackground = true, Name = $"sticky-handoff-{workerId}" };
        _pump.Start();
    }

    /// <summary>Raised once, on the thread that noticed, when the worker's end broke.</summary>
    public event Action? Died;

    public int WorkerId { get; }

    public bool IsAlive => _alive;

    public int Backlog
    {
        get
        {
            lock (_backlog)
            {
                return _backlog.Count;
            }
        }
    }

    public HandoffResult TryHandOff(in AcceptedConnection connection)
    {
        lock (_backlog)
        {
            if (!_alive)
            {
                return HandoffResult.Dead;
            }

            if (_backlog.Count == 0)
            {
                var errno = HandleSender.Send(_fd, new ReadOnlySpan<AcceptedConnection>(in connection), _directBuffer, dontWait: true);
                if (errno == 0)
                {
                    connection.Close();
                    return HandoffResult.Sent;
                }

                if (!HandleSender.IsWouldBlock(errno))
                {
                    _alive = false;
                    _work.Release();
                    RaiseDied();
                    return HandoffResult.Dead;
                }
            }
            else if (_backlog.Count >= _capacity)
            {
                connection.Close();
                return HandoffResult.Overflow;
            }

            _backlog.Enqueue(connection);
            _work.Release();
            return HandoffResult.Queued;
        }
    }

    /// <summary>
    /// Sends one descriptor that is not a connection (a slot's listening socket under kernel
    /// steering) with its own frame; the master keeps its copy. 0, or the errno (EPIPE once dead).
    /// </summary>
    public int TrySendDescriptor(int descriptor, ReadOnlySpan<byte> frame) =>
        _alive ? DescriptorSender.Send(_fd, descriptor, frame) : Libc.EPIPE;

    /// <summary>
    /// Stops sending: new offers get <see cref="HandoffResult.Dead"/> (and go elsewhere), the queue is
    /// routed again, and the worker reads every descriptor already sent and then end of file.
    /// </summary>
    public void Seal()
    {
        lock (_backlog)
        {
            if (!_alive)
            {
                return;
            }

            _alive = false;
        }

        Libc.Shutdown(_fd, Libc.SHUT_WR);
        _work.Release();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        lock (_backlog)
        {
            _alive = false;
        }

        Libc.Shutdown(_fd, Libc.SHUT_RDWR);
        _work.Release();
        _pump.Join();
        Libc.Close(_fd);
        _work.Dispose();
    }

    private void Pump()
    {
        var buffer = new byte[HandoffFrame.MaxFrame];
        var batch = new AcceptedConnection[HandoffFrame.MaxConnections];
        while (true)
        {
            _work.Wait();
            if (!_alive)
            {
                break;
            }

            var count = TakeBatch(batch);
            if (count == 0)
            {
                continue;
            }

            var errno = HandleSender.Send(_fd, batch.AsSpan(0, count), buffer, dontWait: false);
            if (errno == 0)
            {
                foreach (var sent in batch.AsSpan(0, count))
                {
                    sent.Close();
                }

                continue;
            }

            _alive = false;
            foreach (var unsent in batch.AsSpan(0, count))
            {
                _reroute(unsent);
            }

            RaiseDied();
            break;
        }

        RerouteBacklog();
    }

    private int TakeBatch(AcceptedConnection[] batch)
    {
        lock (_backlog)
        {
            var count = 0;
            var bytes = HandoffFrame.HeaderSize;
            while (count < batch.Length && _backlog.TryPeek(out var next) && bytes + HandoffFrame.SizeOf(next) <= HandoffFrame.MaxFrame)
            {
                bytes += HandoffFrame.SizeOf(next);
                batch[count++] = _backlog.Dequeue();
            }

            return count;
        }
    }

    private void RerouteBacklog()
    {
        AcceptedConnection[] left;
        lock (_backlog)
        {
            left = _backlog.ToArray();
            _backlog.Clear();
        }

        foreach (var connection in left)
        {
            _reroute(connection);
        }
    }

    private void RaiseDied()
    {
        if (Interlocked.Exchange(ref _diedRaised, 1) == 0)
        {
            Died?.Invoke();
        }
    }
}
