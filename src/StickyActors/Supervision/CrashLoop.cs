using StickyActors.Configuration;

namespace StickyActors.Supervision;

/// <summary>
/// The exits of one worker slot in a row (no uptime of <c>restart-backoff.reset-after</c> between
/// them), so a crash loop is reported as one summary line per exit instead of a full report each time.
/// </summary>
internal sealed class CrashLoop(BackoffSettings backoff, TimeProvider time)
{
    private long _firstExit;
    private long _lastExit;
    private int _exits;

    /// <summary>Records an exit; returns how many in a row, since when, and about how long until the next try.</summary>
    public (int Exits, TimeSpan Since, TimeSpan NextTry) Exited()
    {
        var now = time.GetTimestamp();
        var delay = NextDelay(_exits);
        if (_exits == 0 || time.GetElapsedTime(_lastExit, now) > backoff.ResetAfter + delay)
        {
            _exits = 0;
            _firstExit = now;
        }

        _exits++;
        _lastExit = now;
        return (_exits, time.GetElapsedTime(_firstExit, now), NextDelay(_exits - 1));
    }

    /// <summary>The backoff's delay after <paramref name="restarts"/> restarts, without its jitter.</summary>
    private TimeSpan NextDelay(int restarts)
    {
        var delay = backoff.Min.TotalMilliseconds * Math.Pow(2, Math.Min(restarts, 30));
        return TimeSpan.FromMilliseconds(Math.Min(delay, backoff.Max.TotalMilliseconds));
    }
}
