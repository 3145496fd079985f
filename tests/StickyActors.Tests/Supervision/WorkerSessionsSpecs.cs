using StickyActors.ControlPlane;

namespace StickyActors.Tests.Workers;

/// <summary>Session reports reach the routing actor only from the registered worker of the slot (virtual time).</summary>
public sealed class WorkerSessionsSpecs : MasterSpecs
{
    [Fact]
    public void WorkerSessions_FromTheRegisteredControlOnly_KeepBorrowedBucketsAtTheInterimWorker()
    {
        var master = StartMaster(workers: 2, "workers.startup-timeout = 30s");
        var worker0 = Register(master, 0);
        Register(master, 1);

        // Worker 1 dies; its replacement misses the 3 s wait, so worker 0 serves its buckets.
        Launcher.Last(1).Process.Exit(137);
        AwaitAssert(() => Assert.Equal(512, Status(master).Workers[1].BucketsAwayFromHome));
        Scheduler.Advance(TimeSpan.FromSeconds(3.1));
        AwaitAssert(() => Assert.Equal(512, Status(master).Workers[0].BucketsHeldForOthers));

        // Worker 0 has a session open in every one of them.
        var borrowed = Enumerable.Range(0, 1024).Where(b => b % 2 == 1).ToArray();
        worker0.Control.Send(worker0.Actor, new WorkerSessions(0, borrowed));
        // The backoff timer may be scheduled after the advance above: keep the clock moving until the relaunch.
        AwaitCondition(() =>
        {
            Scheduler.Advance(TimeSpan.FromMilliseconds(500));
            return Launcher.LaunchCount(1) == 2;
        });
        Register(master, 1);

        // A stranger's "no sessions" is ignored: the buckets stay with their sessions.
        var stranger = CreateTestProbe();
        stranger.Send(worker0.Actor, new WorkerSessions(0, []));
        Scheduler.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(512, Status(master).Workers[0].BucketsHeldForOthers);

        // The registered worker's own report that they closed brings them home.
        worker0.Control.Send(worker0.Actor, new WorkerSessions(0, []));
        AwaitAssert(() =>
        {
            Scheduler.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(0, Status(master).Workers[0].BucketsHeldForOthers);
        });
        Assert.Equal(512, Status(master).Workers[1].BucketsOwned);
    }

}
