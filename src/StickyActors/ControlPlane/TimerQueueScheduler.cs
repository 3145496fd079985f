using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace StickyActors.ControlPlane;

/// <summary>
/// An Akka scheduler with no clock of its own: every scheduled item is one .NET timer, armed for its
/// own due time, so an idle actor system wakes only when something is due. Akka's default
/// (<c>HashedWheelTimerScheduler</c>) ticks every <c>akka.scheduler.tick-duration</c> (10 ms), which
/// on an idle host is a hundred thread-pool wake-ups a second per process, each followed by the
/// pool's spinning: about 5 % of a core per process doing nothing. Timers fire on the thread pool
/// within about a millisecond of their due time (the wheel rounds up to its next tick). A repeated
/// item is re-armed after it ran (fixed delay), so one item never runs twice at the same time.
/// </summary>
internal sealed class TimerQueueScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    private static readonly Stopwatch s_clock = Stopwatch.StartNew();
    private static readonly TimeSpan s_longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly ConcurrentDictionary<ScheduledItem, byte> _pending = new();
    private volatile bool _disposed;

    /// <summary>The constructor Akka calls (by reflection) for <c>akka.scheduler.implementation</c>.</summary>
    public TimerQueueScheduler(Config scheduler, ILoggingAdapter log)
        : base(scheduler, log)
    {
    }

    /// <inheritdoc />
    public override TimeSpan MonotonicClock => s_clock.Elapsed;

    /// <inheritdoc />
    public override TimeSpan HighResMonotonicClock => s_clock.Elapsed;

    /// <summary>How many items wait for their due time (for tests).</summary>
    internal int PendingCount => _pending.Count;

    /// <inheritdoc />
    protected override DateTimeOffset TimeNow => DateTimeOffset.UtcNow;

    /// <summary>Stops every timer and runs each item that was still due once, as Akka's own scheduler does on shutdown.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var item in _pending.Keys)
        {
            if (item.Stop() && !item.IsCancelled)
            {
                item.RunOnShutdown(Log);
            }
        }
    }

    /// <inheritdoc />
    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, new ScheduledTell(receiver, message, sender), cancelable);

    /// <inheritdoc />
    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(initialDelay, interval, new ScheduledTell(receiver, message, sender), cancelable);

    /// <inheritdoc />
    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, new ActionRunnable(action), cancelable);

    /// <inheritdoc />
    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, action, cancelable);

    /// <inheritdoc />
    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, new ActionRunnable(action), cancelable);

    /// <inheritdoc />
    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, action, cancelable);

    internal static TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > s_longest ? s_longest : delay;

    internal void Completed(ScheduledItem item) => _pending.TryRemove(item, out _);

    private void Schedule(TimeSpan delay, TimeSpan interval, IRunnable action, ICancelable? cancelable)
    {
        if (_disposed)
        {
            throw new SchedulerException("cannot enqueue after timer shutdown");
        }

        if (cancelable?.IsCancellationRequested == true)
        {
            return;
        }

        var item = new ScheduledItem(this, action, cancelable, interval == Timeout.InfiniteTimeSpan ? null : Clamp(interval), Log);
        _pending.TryAdd(item, 0);
        item.Start(Clamp(delay));
        if (_disposed && item.Stop())
        {
            Completed(item);
        }
    }
}
