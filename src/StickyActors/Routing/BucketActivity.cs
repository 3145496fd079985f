namespace StickyActors.Routing;

/// <summary>
/// When each bucket last had a connection handed off. Written by the accept path (one plain store per
/// connection, no allocation), read by the routing actor to decide which moved buckets are idle.
/// </summary>
internal sealed class BucketActivity(int buckets, TimeProvider time)
{
    private readonly long[] _lastTouched = new long[buckets];

    public void Touch(int bucket) => Volatile.Write(ref _lastTouched[bucket], time.GetTimestamp());

    /// <summary>Whether the bucket had a connection handed off after <paramref name="timestamp"/> (of the same time provider).</summary>
    public bool TouchedAfter(int bucket, long timestamp) => Volatile.Read(ref _lastTouched[bucket]) > timestamp;

    public bool IsIdle(int bucket, TimeSpan idleFor)
    {
        var last = Volatile.Read(ref _lastTouched[bucket]);
        return last == 0 || time.GetElapsedTime(last) >= idleFor;
    }
}
