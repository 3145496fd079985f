using Microsoft.Extensions.Logging;

namespace StickyActors.Handoff;

/// <summary>
/// Connections accepted while no worker serves their bucket (none is alive, or the bucket's home
/// worker is starting or being replaced): bounded in count and time. Every new routing table
/// dispatches them again; past the deadline they are given up (HTTP clients answered 503) and counted.
/// The sweeper runs only while something waits: an idle master has no timer of this queue armed.
/// </summary>
internal sealed class NoWorkerQueue : IDisposable
{
    private readonly Queue<AcceptedConnection> _queue = new();
    private readonly int _capacity;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private long _lastWaitingLog;
    private readonly Action _onExpired;
    private readonly ITimer _sweeper;
    private readonly TimeSpan _period;
    private readonly ILogger? _logger;
    private bool _disposed;
    private bool _noWorkerComing;

    public NoWorkerQueue(int capacity, TimeSpan timeout, TimeProvider time, Action onExpired, ILogger? logger = null)
    {
        _logger = logger;
        _capacity = capacity;
        _timeout = timeout;
        _time = time;
        _onExpired = onExpired;
        _period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 10, 1000));
        _sweeper = time.CreateTimer(_ => Sweep(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>What a client given up on is told to wait before trying again: the time a worker has to start.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The listener speaks HTTP (<c>listen.protocol = http</c>): every connection given up is answered 503.</summary>
    public bool AnswersHttp { get; init; }

    /// <summary>
    /// No worker is alive and none will come (every slot given up, or the master stopping): nothing
    /// waits any more; the dispatcher gives each connection up at once.
    /// </summary>
    public bool NoWorkerComing
    {
        get => Volatile.Read(ref _noWorkerComing);
        set => Volatile.Write(ref _noWorkerComing, value);
    }

    /// <summary>Answers (503 or close, see <see cref="NoWorkerAnswer"/>) and closes a connection that found no worker.</summary>
    public void GiveUp(AcceptedConnection connection) => NoWorkerAnswer.GiveUp(connection, RetryAfter, AnswersHttp);

    /// <summary>Gives up every waiting connection now (no worker will come for them), counted as expired.</summary>
    public void GiveUpAll()
    {
        AcceptedConnection[] waiting;
        lock (_queue)
        {
            waiting = _queue.ToArray();
            _queue.Clear();
        }

        foreach (var connection in waiting)
        {
            _onExpired();
            GiveUp(connection);
        }
    }

    public bool TryAdd(AcceptedConnection connection)
    {
        lock (_queue)
        {
            if (_disposed || _queue.Count >= _capacity || _timeout == TimeSpan.Zero || NoWorkerComing)
            {
                return false;
            }

            // Once per episode, and at most every ten seconds: buckets waiting for a starting worker
            // come and go many times a second under traffic.
            if (_queue.Count == 0 && _logger is not null && (_lastWaitingLog == 0 || _time.GetElapsedTime(_lastWaitingLog) >= TimeSpan.FromSeconds(10)))
            {
                _lastWaitingLog = _time.GetTimestamp();
                HandoffLog.NoWorkerWaiting(_logger, _timeout.TotalMilliseconds, _capacity);
            }

            _queue.Enqueue(connection);
            if (_queue.Count == 1)
            {
                _sweeper.Change(_period, _period);
            }

            return true;
        }
    }

    /// <summary>Takes every waiting connection out and routes each again through <paramref name="dispatch"/>.</summary>
    public void Redispatch(Action<AcceptedConnection> dispatch)
    {
        AcceptedConnection[] waiting;
        lock (_queue)
        {
            if (_queue.Count == 0)
            {
                return;
            }

            waiting = _queue.ToArray();
            _queue.Clear();
            Disarm();
        }

        foreach (var connection in waiting)
        {
            dispatch(connection);
        }

        if (_logger is not null)
        {
            HandoffLog.WaitingDispatched(_logger, waiting.Length);
        }
    }

    public void Sweep()
    {
        var expired = 0;
        lock (_queue)
        {
            while (_queue.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.AcceptedAt) >= _timeout)
            {
                // Counted before the client can see the close.
                _onExpired();
                GiveUp(_queue.Dequeue());
                expired++;
            }

            if (_queue.Count == 0)
            {
                Disarm();
            }
        }

        if (expired > 0 && _logger is not null)
        {
            HandoffLog.NoWorkerExpired(_logger, expired, _timeout.TotalMilliseconds);
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        lock (_queue)
        {
            _disposed = true;
            while (_queue.TryDequeue(out var connection))
            {
                connection.Close();
            }
        }
    }

    /// <summary>Stops the sweeper once nothing waits (called under the queue's lock; a disposed timer ignores it).</summary>
    private void Disarm() => _sweeper.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
}
