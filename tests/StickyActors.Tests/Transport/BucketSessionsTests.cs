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

    private BucketSessions Create() => new(s_delay, _time, _reports.Add);
}
