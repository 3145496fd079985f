using Microsoft.Extensions.Time.Testing;
using StickyActors.Handoff;

namespace StickyActors.Tests.Handoff;

/// <summary>The no-worker queue's sweeper runs only while something waits (an idle master wakes for nothing).</summary>
public sealed class NoWorkerQueueSweepTests
{
    private readonly CountingTimeProvider _time = new();

    [Fact]
    public void Sweeper_QueueNeverUsed_NeverRuns()
    {
        using var queue = CreateQueue();

        Advance(seconds: 30);

        Assert.Equal(0, _time.Callbacks);
    }

    [Fact]
    public void Sweeper_AfterRedispatch_StopsRunning()
    {
        using var queue = CreateQueue();
        queue.TryAdd(Connection());
        Advance(seconds: 3);
        var whileWaiting = _time.Callbacks;

        queue.Redispatch(_ => { });
        Advance(seconds: 30);

        Assert.True(whileWaiting >= 2, $"swept {whileWaiting} times in 3 s while a connection waited");
        Assert.Equal(whileWaiting, _time.Callbacks);
    }

    [Fact]
    public void Sweeper_LastOneExpired_StopsRunningAndStartsAgainForTheNext()
    {
        var expired = 0;
        using var queue = CreateQueue(() => expired++);
        queue.TryAdd(Connection());
        Advance(seconds: 11);
        var firstExpired = expired;
        var afterExpiry = _time.Callbacks;

        Advance(seconds: 30);
        var idle = _time.Callbacks;
        queue.TryAdd(Connection());
        Advance(seconds: 11);

        Assert.Equal(1, firstExpired);
        Assert.Equal(afterExpiry, idle);
        Assert.Equal(2, expired);
    }

    private void Advance(int seconds)
    {
        for (var i = 0; i < seconds * 4; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }
    }

    private NoWorkerQueue CreateQueue(Action? onExpired = null) =>
        new(16, TimeSpan.FromSeconds(10), _time, onExpired ?? (() => { }));

    private AcceptedConnection Connection() => new(OwnedDescriptor.None, default, ReadOnlyMemory<byte>.Empty, _time.GetTimestamp());

    /// <summary>A fake clock that counts how often the timers it created fired.</summary>
    private sealed class CountingTimeProvider : FakeTimeProvider
    {
        private int _callbacks;

        public int Callbacks => Volatile.Read(ref _callbacks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            base.CreateTimer(
                s =>
                {
                    Interlocked.Increment(ref _callbacks);
                    callback(s);
                },
                state,
                dueTime,
                period);
    }
}
