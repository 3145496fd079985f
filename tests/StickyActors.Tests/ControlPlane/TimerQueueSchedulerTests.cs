using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

/// <summary>The tick-less scheduler the control plane runs on: due times, cancellation, repetition, shutdown.</summary>
public sealed class TimerQueueSchedulerTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly TimerQueueScheduler _scheduler = new(Config.Empty, NoLogger.Instance);

    private IScheduler Scheduler => _scheduler;

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public async Task ScheduleOnce_AfterDelay_RunsOnceNotBeforeItsDueTime()
    {
        var ran = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();

        Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(100), () => ran.TrySetResult(clock.Elapsed));

        Assert.True(await ran.Task.WaitAsync(s_wait) >= TimeSpan.FromMilliseconds(100));
        await WaitUntilAsync(() => _scheduler.PendingCount == 0);
    }

    [Fact]
    public async Task ScheduleOnce_ManyShortDelays_NoneRunsBeforeItsDelay()
    {
        // .NET timers count whole milliseconds of a coarse clock and may fire up to one early: Akka's
        // wheel never fires early, and actors rely on it (the cluster's "owner from T" timer, which
        // found T not yet reached and waited for good).
        const int Items = 300;
        var early = new List<string>();
        using var done = new CountdownEvent(Items);
        for (var i = 0; i < Items; i++)
        {
            var delay = TimeSpan.FromMilliseconds(1 + (i % 30)) + TimeSpan.FromTicks(i * 997 % TimeSpan.TicksPerMillisecond);
            var scheduled = Stopwatch.GetTimestamp();
            Scheduler.Advanced.ScheduleOnce(delay, () =>
            {
                var elapsed = Stopwatch.GetElapsedTime(scheduled);
                if (elapsed < delay)
                {
                    lock (early)
                    {
                        early.Add($"{delay.TotalMilliseconds:0.000} ms item ran after {elapsed.TotalMilliseconds:0.000} ms");
                    }
                }

                done.Signal();
            });
        }

        Assert.True(await Task.Run(() => done.Wait(s_wait)));
        Assert.Empty(early);
    }

    [Fact]
    public async Task ScheduleOnce_CancelledBeforeDue_NeverRunsAndLeavesNothingPending()
    {
        var runs = 0;
        var cancelable = new Cancelable(Scheduler);
        Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(200), () => Interlocked.Increment(ref runs), cancelable);

        cancelable.Cancel();

        Assert.Equal(0, _scheduler.PendingCount);
        await Task.Delay(400);
        Assert.Equal(0, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task ScheduleRepeatedly_UntilCancelled_RunsAgainAndStopsAfterCancel()
    {
        var runs = 0;
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelable = new Cancelable(Scheduler);
        Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), () =>
        {
            if (Interlocked.Increment(ref runs) == 3)
            {
                third.TrySetResult();
            }
        }, cancelable);

        await third.Task.WaitAsync(s_wait);
        cancelable.Cancel();
        await Task.Delay(50);
        var afterCancel = Volatile.Read(ref runs);
        await Task.Delay(200);

        Assert.Equal(afterCancel, Volatile.Read(ref runs));
        Assert.Equal(0, _scheduler.PendingCount);
    }

    [Fact]
    public async Task ScheduleRepeatedly_CancelledWhileFiring_StopsCleanly()
    {
        var runs = 0;
        var cancelables = Enumerable.Range(0, 200).Select(_ => new Cancelable(Scheduler)).ToArray();
        foreach (var cancelable in cancelables)
        {
            Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), () => Interlocked.Increment(ref runs), cancelable);
        }

        await WaitUntilAsync(() => Volatile.Read(ref runs) >= 1_000);
        Parallel.ForEach(cancelables, c => c.Cancel());

        await WaitUntilAsync(() => _scheduler.PendingCount == 0);
    }

    [Fact]
    public void Dispose_WithPendingItems_RunsEachOnceAndRefusesNewOnes()
    {
        var runs = 0;
        Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMinutes(5), () => Interlocked.Increment(ref runs));
        Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), () => Interlocked.Increment(ref runs));

        _scheduler.Dispose();

        Assert.Equal(2, runs);
        Assert.Throws<SchedulerException>(() => Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, () => { }));
    }

    [Fact]
    public async Task ControlPlaneActorSystem_WithTuning_RunsOnTheTicklessSchedulerAndAsksTimeOut()
    {
        using var system = ActorSystem.Create("tuned", BootstrapSetup.Create().WithConfig(ControlPlaneTuning.Idle.WithFallback(ControlPlaneConfig.Create(
            new StickyActors.Configuration.ControlPlaneSettings("127.0.0.1", 0, TimeSpan.FromSeconds(1)), 0, trustedSelectionPaths: []))).And(ControlPlaneCredentials.Create().SslSetup()));
        var silent = system.ActorOf(Props.Empty, "silent");

        Assert.IsType<TimerQueueScheduler>(system.Scheduler);
        await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<object>("anyone?", TimeSpan.FromMilliseconds(100)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < s_wait)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
