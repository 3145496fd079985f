using StickyActors.ControlPlane;
using StickyActors.Master;
using StickyActors.Supervision;

namespace StickyActors.Tests.Workers;

/// <summary>
/// <c>workers.crash-loop.max-exits</c>: a slot that exits that many times in a row is given up (not
/// relaunched, "GivenUp" in the status, its buckets at the live workers), or stops the master; and
/// what the workers ignored reaches the status with their Pongs.
/// </summary>
public sealed partial class MasterActorSpecs
{
    [Fact]
    public void CrashLoop_ReachingMaxExits_GivesUpTheSlotAndTheLiveWorkerTakesItsBuckets()
    {
        var master = StartMaster(workers: 2, "workers.crash-loop.max-exits = 2");
        RegisterAll(master, 2);

        Launcher.Last(1).Process.Exit(1);
        AwaitRestartScheduled(1, 1);
        Scheduler.Advance(TimeSpan.FromSeconds(1.1));
        AwaitCondition(() => Launcher.LaunchCount(1) == 2);
        AwaitAssert(() => Assert.Equal(Launcher.Last(1).Process.Pid, Status(master).Workers[1].Pid));
        Launcher.Last(1).Process.Exit(1);

        AwaitAssert(() => Assert.Equal(WorkerState.GivenUp, Status(master).Workers[1].State));
        AwaitAssert(() => Assert.Equal(1024, Status(master).Workers[0].BucketsOwned));
        Scheduler.Advance(TimeSpan.FromSeconds(30));
        var status = Status(master);
        Assert.Equal(2, Launcher.LaunchCount(1));
        Assert.Equal(WorkerState.GivenUp, status.Workers[1].State);
        Assert.Equal(1, status.Workers[1].LastExitCode);
        Assert.Equal(WorkerState.Running, status.Workers[0].State);
    }

    [Fact]
    public void CrashLoop_StopMasterAtMaxExits_AsksTheHostToStopWithExitCode69()
    {
        var exitCodes = new List<int>();
        var master = StartMaster(workers: 1, "workers.crash-loop { max-exits = 1, on-limit = stop-master }", code =>
        {
            lock (exitCodes)
            {
                exitCodes.Add(code);
            }
        });
        AwaitCondition(() => Launcher.LaunchCount(0) == 1);
        AwaitAssert(() => Assert.Equal(Launcher.Last(0).Process.Pid, Status(master).Workers[0].Pid));

        Launcher.Last(0).Process.Exit(3);

        AwaitCondition(() =>
        {
            lock (exitCodes)
            {
                return exitCodes.SequenceEqual([MasterActor.CrashLoopExitCode]);
            }
        });
        Assert.Equal(69, MasterActor.CrashLoopExitCode);
        Assert.Equal(WorkerState.GivenUp, Status(master).Workers[0].State);
    }

    [Fact]
    public void CrashLoop_DefaultSettings_NeverGivesUp()
    {
        var master = StartMaster(workers: 1);
        AwaitCondition(() => Launcher.LaunchCount(0) == 1);

        for (var exit = 1; exit <= 4; exit++)
        {
            var launches = exit;
            Launcher.Last(0).Process.Exit(1);
            AwaitRestartScheduled(0, exit);
            Scheduler.Advance(TimeSpan.FromSeconds(4.1));
            AwaitCondition(() => Launcher.LaunchCount(0) == launches + 1);
        }

        Assert.NotEqual(WorkerState.GivenUp, Status(master).Workers[0].State);
    }

    [Fact]
    public void Pong_CarryingTheWorkersIgnoredCount_ShowsInStatusBesideTheMasters()
    {
        var master = StartMaster(workers: 2);
        var controls = RegisterAll(master, 2);

        Scheduler.Advance(s_pingInterval);
        controls[0].ExpectMsg<Ping>();
        controls[0].Reply(new Pong(5));
        controls[1].ExpectMsg<Ping>();
        controls[1].Reply(new Pong(2));

        AwaitAssert(() => Assert.Equal(7, Status(master).IgnoredControlMessagesAtWorkers));
        var status = Status(master);
        Assert.Equal(5, status.Workers[0].IgnoredControlMessages);
        Assert.Equal(2, status.Workers[1].IgnoredControlMessages);
        Assert.Equal(0, status.IgnoredControlMessages);
    }

    [Fact]
    public void Pong_CarryingSteeredCounts_SumsEachSlotsProcessesAndTheirTotal()
    {
        var master = StartMaster(workers: 2);
        var controls = RegisterAll(master, 2);

        Scheduler.Advance(s_pingInterval);
        controls[0].ExpectMsg<Ping>();
        controls[0].Reply(new Pong(0, 40));
        controls[1].ExpectMsg<Ping>();
        controls[1].Reply(new Pong(1, 25));
        Scheduler.Advance(s_pingInterval);
        controls[0].ExpectMsg<Ping>();
        controls[0].Reply(new Pong(0, 46));

        AwaitAssert(() => Assert.Equal(71, Status(master).Steered));
        var status = Status(master);
        Assert.Equal(46, status.Workers[0].ConnectionsSteered);
        Assert.Equal(25, status.Workers[1].ConnectionsSteered);
        Assert.Equal(1, status.IgnoredControlMessagesAtWorkers);
    }

}
