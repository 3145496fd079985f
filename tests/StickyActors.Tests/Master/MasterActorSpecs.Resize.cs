using StickyActors.ControlPlane;
using StickyActors.Master;

namespace StickyActors.Tests.Workers;

/// <summary>
/// The worker count at run time: a slot added gets a process and, once it registered, the fewest
/// buckets the balance needs; the highest slot removed is drained after the table without it, and
/// the limits refuse with the slot count unchanged.
/// </summary>
public sealed partial class MasterActorSpecs
{
    [Fact]
    public void Resize_AddThenRemove_NewSlotServesItsShareAndTheRemovedOneDrains()
    {
        var master = StartMaster(workers: 2, "workers.max-count = 3");
        var controls = RegisterAll(master, 2);
        var requester = CreateTestProbe();

        requester.Send(master, new ResizeWorkers(1));

        var added = requester.ExpectMsg<ResizeDone>();
        Assert.True(added.Succeeded, added.Detail);
        Assert.Equal(3, added.Count);
        Assert.Equal(3, Status(master).Workers.Count);
        AwaitCondition(() => Launcher.LaunchCount(2) == 1);
        Assert.Equal(0, Status(master).Workers[2].BucketsOwned);
        var (control, _) = Register(master, 2);
        AwaitAssert(
            () =>
            {
                // The rehomed buckets come home at the routing actor's next return check (no open sessions).
                Scheduler.Advance(TimeSpan.FromSeconds(1));
                Assert.Equal(1024 / 3, Status(master).Workers[2].BucketsOwned);
            },
            TimeSpan.FromSeconds(10));
        Assert.Equal(1024, Status(master).Workers.Sum(w => w.BucketsOwned));

        requester.Send(master, new ResizeWorkers(1));
        Assert.False(requester.ExpectMsg<ResizeDone>().Succeeded);

        requester.Send(master, new ResizeWorkers(-1));
        var removed = requester.ExpectMsg<ResizeDone>();
        Assert.True(removed.Succeeded, removed.Detail);
        Assert.Equal(2, removed.Count);
        control.ExpectMsg<DrainWorker>();
        Assert.True(Launcher.Last(2).Channel.Sealed);
        var status = Status(master);
        Assert.Equal(2, status.Workers.Count);
        Assert.Equal(512, status.Workers[0].BucketsOwned);
        Assert.Equal(512, status.Workers[1].BucketsOwned);
        Launcher.Last(2).Process.Exit(0);
        Assert.All(controls.Values, c => c.ExpectNoMsg(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(0, Status(master).IgnoredControlMessages);
    }

    [Fact]
    public void Resize_RemoveTheLastSlot_IsRefused()
    {
        var master = StartMaster(workers: 1);
        RegisterAll(master, 1);
        var requester = CreateTestProbe();

        requester.Send(master, new ResizeWorkers(-1));

        var done = requester.ExpectMsg<ResizeDone>();
        Assert.False(done.Succeeded);
        Assert.Equal(1, done.Count);
        Assert.Single(Status(master).Workers);
    }
}
