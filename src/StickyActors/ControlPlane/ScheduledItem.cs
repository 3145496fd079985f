using System.Diagnostics;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace StickyActors.ControlPlane;

/// <summary>
/// One item of <see cref="TimerQueueScheduler"/>: a .NET timer armed for the item's next due time.
/// The timer refers to the item and the item to the timer, so the timer queue keeps both alive
/// while armed. Cancelling the item's <see cref="ICancelable"/> disposes the timer at once.
/// </summary>
internal sealed class ScheduledItem
{
    private readonly TimerQueueScheduler _owner;
    private readonly IRunnable _action;
    private readonly ICancelable? _cancelable;
    private readonly TimeSpan? _interval;
    private readonly ILoggingAdapter _log;
    private readonly Timer _timer;
    private CancellationTokenRegistration _onCancel;
    private long _dueAt;
    private int _stopped;

    public ScheduledItem(TimerQueueScheduler owner, IRunnable action, ICancelable? cancelable, TimeSpan? interval, ILoggingAdapter log)
    {
        _owner = owner;
        _action = action;
        _cancelable = cancelable;
        _interval = interval;
        _log = log;
        _timer = new Timer(static state => ((ScheduledItem)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsCancelled => _cancelable?.IsCancellationRequested == true;

    public void Start(TimeSpan delay)
    {
        if (_cancelable is not null)
        {
            _onCancel = _cancelable.Token.UnsafeRegister(static state => ((ScheduledItem)state!).Cancelled(), this);
        }

        Arm(delay);
    }

    /// <summary>Disarms the timer; true for the one caller that stopped it.</summary>
    public bool Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return false;
        }

        // Under the lock that arming takes, so a timer is never re-armed after it was disposed.
        lock (_timer)
        {
            _timer.Dispose();
        }

        _onCancel.Dispose();
        return true;
    }

    public void RunOnShutdown(ILoggingAdapter log)
    {
        try
        {
            _action.Run();
        }
        catch (SchedulerException)
        {
            // An actor that is already gone.
        }
        catch (Exception e)
        {
            log.Error(e, "Exception while executing timer task.");
        }
    }

    private void Cancelled()
    {
        if (Stop())
        {
            _owner.Completed(this);
        }
    }

    /// <summary>Arms the timer for <paramref name="due"/> from now; <see cref="Fire"/> re-arms it for what is left if it fires early.</summary>
    private void Arm(TimeSpan due)
    {
        lock (_timer)
        {
            if (Volatile.Read(ref _stopped) == 0)
            {
                Volatile.Write(ref _dueAt, Stopwatch.GetTimestamp() + (long)(due.TotalSeconds * Stopwatch.Frequency));
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// What is left until the due time: .NET timers count whole milliseconds of a coarse clock and
    /// fire up to one early, while Akka's own scheduler never runs an item before its delay, and
    /// actors rely on that (a timer set for a moment that finds the moment not yet come).
    /// </summary>
    private TimeSpan Remaining()
    {
        var ticks = Volatile.Read(ref _dueAt) - Stopwatch.GetTimestamp();
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)ticks / Stopwatch.Frequency);
    }

    private void Fire()
    {
        if (Volatile.Read(ref _stopped) == 1)
        {
            return;
        }

        if (IsCancelled)
        {
            Cancelled();
            return;
        }

        if (Remaining() is { Ticks: > 0 } remaining)
        {
            // Early: whole milliseconds up, so the next firing is not early again.
            Arm(TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)));
            return;
        }

        try
        {
            _action.Run();
        }
        catch (Exception e)
        {
            _log.Error(e, "Exception while executing timer task.");
        }

        if (_interval is { } interval && !IsCancelled)
        {
            Arm(interval);
            return;
        }

        if (Stop())
        {
            _owner.Completed(this);
        }
    }
}
