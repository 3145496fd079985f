namespace StickyActors.Forwarding;

/// <summary>
/// Lets one line through per second and counts the ones held back meanwhile, so that a stranger
/// opening connections in a loop cannot fill the log; safe from any thread.
/// </summary>
internal sealed class LogRateGate
{
    private long _lastMs = long.MinValue / 2;
    private long _held;

    public bool TryEnter(long nowMs, out long held)
    {
        var last = Volatile.Read(ref _lastMs);
        if (nowMs - last < 1000 || Interlocked.CompareExchange(ref _lastMs, nowMs, last) != last)
        {
            Interlocked.Increment(ref _held);
            held = 0;
            return false;
        }

        held = Interlocked.Exchange(ref _held, 0);
        return true;
    }
}
