namespace StickyActors.Worker;

/// <summary>
/// The worker's open connections per routing bucket, reported to the master so that it never takes a
/// bucket away from this worker while one of its sessions is open here. Reports are debounced: the
/// first change arms one timer for <c>delay</c>, which then sends the buckets with an open connection
/// if that set differs from the last one sent. No timer runs while nothing changes.
/// </summary>
/// <remarks>
/// Every connection opens and closes a session, from whichever thread accepted or closed it, so the
/// counts are one array of interlocked counters and nothing on that path takes a lock or allocates.
/// Only the timer's report (once per delay at most) scans them.
/// </remarks>
internal sealed class BucketSessions : IDisposable
{
    private readonly int[] _open;
    private readonly TimeSpan _delay;
    private readonly Action<int[]> _report;
    private readonly ITimer _timer;
    private readonly Lock _sending = new();
    private int[] _lastSent = [];
    private int _armed;
    private volatile bool _disposed;

    /// <param name="buckets">Buckets in the routing table; a session of a bucket outside it is not counted.</param>
    /// <param name="delay">How long after the first change the report goes.</param>
    /// <param name="time">The clock (a fake one in tests).</param>
    /// <param name="report">Sends the open buckets, in order.</param>
    public BucketSessions(int buckets, TimeSpan delay, TimeProvider time, Action<int[]> report)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        _open = new int[buckets];
        _delay = delay;
        _report = report;
        _timer = time.CreateTimer(_ => Send(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Buckets with an open connection now, in order.</summary>
    public int[] OpenBuckets()
    {
        var open = new List<int>();
        for (var bucket = 0; bucket < _open.Length; bucket++)
        {
            if (Volatile.Read(ref _open[bucket]) > 0)
            {
                open.Add(bucket);
            }
        }

        return [.. open];
    }

    public void Opened(int bucket)
    {
        if ((uint)bucket < (uint)_open.Length && Interlocked.Increment(ref _open[bucket]) == 1)
        {
            Arm();
        }
    }

    public void Closed(int bucket)
    {
        if ((uint)bucket >= (uint)_open.Length)
        {
            return;
        }

        var left = Interlocked.Decrement(ref _open[bucket]);
        if (left < 0)
        {
            // A close without its open (the connection releases once, so not from StickyConnection).
            Interlocked.Increment(ref _open[bucket]);
            return;
        }

        if (left == 0)
        {
            Arm();
        }
    }

    /// <summary>Sends the current set once more after the delay (after registering, say), even if unchanged.</summary>
    public void Resend()
    {
        lock (_sending)
        {
            _lastSent = [-1];
        }

        Arm();
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }

    private void Arm()
    {
        // One timer per delay whatever the number of changes: only the change that finds it unarmed sets it.
        if (!_disposed && Volatile.Read(ref _armed) == 0 && Interlocked.CompareExchange(ref _armed, 1, 0) == 0)
        {
            _timer.Change(_delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Send()
    {
        int[] now;
        lock (_sending)
        {
            // Disarmed before the scan: a change from here on arms the next report, so none is missed.
            Volatile.Write(ref _armed, 0);
            now = OpenBuckets();
            if (_disposed || now.AsSpan().SequenceEqual(_lastSent))
            {
                return;
            }

            _lastSent = now;
        }

        _report(now);
    }
}
