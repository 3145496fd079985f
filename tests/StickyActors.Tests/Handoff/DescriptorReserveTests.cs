using StickyActors.Listening;

namespace StickyActors.Tests.Handoff;

// The test counts this process's descriptors: nothing else may open or close any meanwhile.
[CollectionDefinition(nameof(DescriptorReserveTests), DisableParallelization = true)]
[Collection(nameof(DescriptorReserveTests))]
public sealed class DescriptorReserveTests
{
    [Fact]
    public void ReleaseAndRestore_FromManyThreadsAtOnce_NeverHoldsMoreThanItsSizeAndLeaksNothing()
    {
        var before = Directory.GetFiles("/proc/self/fd").Length;
        var reserve = new DescriptorReserve();
        var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            for (var n = 0; n < 2000; n++)
            {
                if ((n + i) % 2 == 0)
                {
                    reserve.Release();
                }
                else
                {
                    reserve.Restore();
                }

                Assert.InRange(reserve.Held, 0, DescriptorReserve.Size);
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        reserve.Restore();
        Assert.Equal(DescriptorReserve.Size, reserve.Held);
        Assert.False(reserve.IsReleased);
        reserve.Dispose();
        reserve.Restore();
        Assert.Equal(0, reserve.Held);
        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, before + 2);
    }
}
