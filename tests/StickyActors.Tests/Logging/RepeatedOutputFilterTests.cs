using Microsoft.Extensions.Time.Testing;
using StickyActors.Logging;

namespace StickyActors.Tests.Logging;

/// <summary>A crash loop's trace is forwarded once per minute per slot; what changes in it at once.</summary>
public sealed class RepeatedOutputFilterTests
{
    private static readonly string[] s_trace =
    [
        "Unhandled exception. System.InvalidOperationException: cannot open database (pid 1234)",
        "   at Program.<Main>$(String[] args) in /app/Program.cs:line 12",
        "   at Program.<Main>(String[] args)",
    ];

    [Fact]
    public void Offer_SameTraceFromTheNextProcesses_IsForwardedOnlyOnce()
    {
        var time = new FakeTimeProvider();
        var filter = new RepeatedOutputFilter(time);

        var first = Process(filter, pid: 100, s_trace);
        time.Advance(TimeSpan.FromSeconds(1));
        // Another process: other numbers (pid), and a line of noise before the trace.
        var second = Process(filter, pid: 101, ["[WARNING][12/03/2026 19:51:07.898Z] association failed", .. s_trace.Select(l => l.Replace("1234", "5678", StringComparison.Ordinal))]);
        time.Advance(TimeSpan.FromSeconds(2));
        var third = Process(filter, pid: 102, s_trace);

        Assert.Equal(s_trace, first);
        Assert.Equal(["[WARNING][12/03/2026 19:51:07.898Z] association failed"], second);
        Assert.Empty(third);
    }

    [Fact]
    public void Offer_TraceChanges_ForwardsWhatIsNew()
    {
        var time = new FakeTimeProvider();
        var filter = new RepeatedOutputFilter(time);
        Process(filter, pid: 100, s_trace);
        time.Advance(TimeSpan.FromSeconds(1));

        var forwarded = Process(filter, pid: 101, [s_trace[0], "   at Other.Place()", s_trace[2]]);

        Assert.Equal(["   at Other.Place()"], forwarded);
    }

    [Fact]
    public void Offer_AMinuteAfterItWasForwarded_ForwardsTheSameTraceAgain()
    {
        var time = new FakeTimeProvider();
        var filter = new RepeatedOutputFilter(time);
        Process(filter, pid: 100, s_trace);
        time.Advance(TimeSpan.FromSeconds(30));
        Process(filter, pid: 101, s_trace);

        time.Advance(RepeatedOutputFilter.Every - TimeSpan.FromSeconds(29));

        Assert.Equal(s_trace, Process(filter, pid: 102, s_trace));
    }

    [Fact]
    public void Offer_OtherSlotOrSameProcess_IsNeverHeldBack()
    {
        var time = new FakeTimeProvider();
        var filter = new RepeatedOutputFilter(time);
        Process(filter, pid: 100, s_trace);

        Assert.Equal(s_trace, Process(filter, pid: 200, s_trace, workerId: 1));
        Assert.Equal(s_trace, Process(filter, pid: 100, s_trace));
    }

    private static List<string> Process(RepeatedOutputFilter filter, int pid, string[] lines, int workerId = 0) =>
        [.. lines.Where(line => filter.Offer(workerId, pid, line))];
}
