using StickyActors.Master;

namespace StickyActors.Tests.Workers;

/// <summary>Each worker process reports its own running total; a slot's count sums its processes.</summary>
public sealed class WorkerSlotTotalsTests
{
    [Fact]
    public void Report_ReplacementProcess_AddsToWhatItsPredecessorReported()
    {
        var counts = new WorkerSlotTotals(workers: 2);

        counts.Report(0, generation: 1, count: 3);
        counts.Report(0, generation: 1, count: 5);
        counts.Report(0, generation: 2, count: 2);
        counts.Report(0, generation: 1, count: 9);
        counts.Report(1, generation: 1, count: 4);
        counts.Report(7, generation: 1, count: 4);

        Assert.Equal(7, counts.Of(0));
        Assert.Equal(4, counts.Of(1));
        Assert.Equal(11, counts.Total);
    }
}
