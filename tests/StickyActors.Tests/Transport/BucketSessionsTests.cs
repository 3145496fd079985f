using Microsoft.Extensions.Time.Testing;
using StickyActors.Worker;

namespace StickyActors.Tests.Transport;

public sealed class BucketSessionsTests
{
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new();
    private readonly List<int[]> _reports = [];

    [Fact]
    public void Opened_ManyChangesWithinTheDelay_OneReportWithTheOpenBuckets()
    {
        using var sessions = Create();

        sessions.Opened(5);
        sessions.Opened(5);
        sessions.Opened(9);
        sessions.Closed(5);
        _time.Advance(s_delay - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_reports);

        _time.Advance(TimeSpan.FromMilliseconds(1));

        var report = Assert.Single(_reports);
        Assert.Equal([5, 9], report);
    }

    [Fact]
    public void Closed_LastConnectionOfABucket_ReportsItGone()
    {
        using var sessions = Create();
        sessions.Opened(3);
        _time.Advance(s_delay);

        sessions.Closed(3);
        _time.Advance(s_delay);

        Assert.Equal(2, _reports.Count);
        Assert.Empty(_reports[1]);
    }

    [Fact]
    public void Opened_SetUnchangedByTheEndOfTheDelay_SendsNothing()
    {
        using var sessions = Create();
        sessions.Opened(3);
        _time.Advance(s_delay);

        sessions.Opened(4);
        sessions.Closed(4);
        _time.Advance(s_delay * 4);

        Assert.Single(_reports);
    }

    [Fact]
    public void Idle_NothingChanges_NoTimerFiresAndNothingIsSent()
    {
        using var sessions = Create();

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Empty(_reports);
    }

    [Fact]
    public void Resend_AfterRegistering_SendsTheCurrentSetAgain()
    {
        using var sessions = Create();
        sessions.Opened(7);
        _time.Advance(s_delay);

        sessions.Resend();
        _time.Advance(s_delay);

        Assert.Equal(2, _reports.Count);
        Assert.Equal([7], _reports[1]);
    }

    [Fact]
    public async Task OpenedAndClosed_FromManyThreadsAtOnce_TheReportHasExactlyTheBucketsLeftOpen()
    {
        using var sessions = Create();
        using var start = new Barrier(8);

        // Every thread opens and closes sessions of all 16 buckets, interleaved with the others;
        // thread 0 leaves one session of bucket 3 open, thread 1 one of bucket 11.
        var threads = Enumerable.Range(0, 8).Select(thread => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 20_000; i++)
                {
                    sessions.Opened(i % 16);
                    sessions.Opened((i + thread) % 16);
                    sessions.Closed(i % 16);
                    sessions.Closed((i + thread) % 16);
                }

                if (thread < 2)
                {
                    sessions.Opened(thread == 0 ? 3 : 11);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(threads).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([3, 11], sessions.OpenBuckets());
        _time.Advance(s_delay);
        Assert.Equal([3, 11], _reports[^1]);
    }

    [Fact]
    public void Opened_BucketOutsideTheTable_IsNotCounted()
    {
        using var sessions = Create();

        sessions.Opened(16);
        sessions.Opened(-1);
        sessions.Closed(5);
        _time.Advance(s_delay);

        Assert.Empty(sessions.OpenBuckets());
        Assert.Empty(_reports);
    }

    private BucketSessions Create() => new(buckets: 16, s_delay, _time, _reports.Add);
}
