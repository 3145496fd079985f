namespace StickyActors.Worker;

/// <summary>
/// The worker's open connections per routing bucket, reported to the master so that it never takes a
/// bucket away from this worker while one of its sessions is open here. Reports are debounced: the
/// first change arms one timer for <c>delay</c>, which then sends the buckets with an open connection
/// if that set differs from the last one sent. No timer runs while nothing changes.
/// </summary>
internal sealed class BucketSessions : IDisposable
{
    private readonly Dictionary<int, int> _open = [];
    private readonly TimeSpan _delay;
    private readonly Action<int[]> _report;
    private readonly ITimer _timer;
    private int[] _lastSent = [];
    private bool _armed;
    private bool _disposed;

    public BucketSessions(TimeSpan delay, TimeProvider time, Action<int[]> report)
    {
        _delay = delay;
        _report = report;
        _timer = time.CreateTimer(_ => Send(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Buckets with an open connection now, in order.</summary>
    public int[] OpenBuckets()
    {
        lock (_open)
        {
            var buckets = _open.Keys.ToArray();
            Array.Sort(buckets);
            return buckets;
        }
    }

    public void Opened(int bucket)
    {
        lock (_open)
        {
            _open.TryGetValue(bucket, out var count);
            _open[bucket] = count + 1;
            if (count == 0)
            {
                Arm();
            }
        }
    }

    public void Closed(int bucket)
    {
        lock (_open)
        {
            if (!_open.TryGetValue(bucket, out var count))
            {
                return;
            }

            if (count > 1)
            {
                _open[bucket] = count - 1;
                return;
            }

            _open.Remove(bucket);
            Arm();
        }
    }

    /// <summary>Sends the current set once more after the delay (after registering, say), even if unchanged.</summary>
    public void Resend()
    {
        lock (_open)
        {
            _lastSent = [-1];
            Arm();
        }
    }

    public void Dispose()
    {
        lock (_open)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private void Arm()
    {
        if (!_armed && !_disposed)
        {
            _armed = true;
            _timer.Change(_delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Send()
    {
        int[] now;
        lock (_open)
        {
            _armed = false;
            now = _open.Keys.ToArray();
            Array.Sort(now);
            if (_disposed || now.AsSpan().SequenceEqual(_lastSent))
            {
                return;
            }

            _lastSent = now;
        }

        _report(now);
    }
}
