using Microsoft.Extensions.Time.Testing;
using StickyActors.Configuration;
using StickyActors.Supervision;

namespace StickyActors.Tests.Workers;

/// <summary>Exits in a row are counted for the crash-loop summary; an uptime of reset-after starts over.</summary>
public sealed class CrashLoopTests
{
    private static readonly BackoffSettings s_backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), 0.2, TimeSpan.FromSeconds(30));

    [Fact]
    public void Exited_InARow_CountsAndPredictsTheCappedBackoff()
    {
        var time = new FakeTimeProvider();
        var loop = new CrashLoop(s_backoff, time);

        Assert.Equal((1, TimeSpan.Zero, TimeSpan.FromMilliseconds(200)), loop.Exited());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((2, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(400)), loop.Exited());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((3, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(800)), loop.Exited());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((4, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)), loop.Exited());
    }

    [Fact]
    public void Exited_AfterAnUptimeOfResetAfter_StartsOver()
    {
        var time = new FakeTimeProvider();
        var loop = new CrashLoop(s_backoff, time);
        loop.Exited();
        loop.Exited();

        time.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(1, loop.Exited().Exits);
    }
}
