using System.Net.Sockets;
using Akka.Actor;
using Akka.Pattern;
using StickyActors.ControlPlane;
using StickyActors.Master;
using StickyActors.Supervision;

namespace StickyActors.Tests.Workers;

/// <summary>The master's decisions with fake processes and channels, on virtual time.</summary>
public sealed partial class MasterActorSpecs : MasterSpecs
{
    [Fact]
    public void RegisterWorker_WithLaunchSecret_IsAcceptedAndGetsBuckets()
    {
        var master = StartMaster(workers: 2);

        RegisterAll(master, 2);

        var status = Status(master);
        Assert.All(status.Workers, w => Assert.Equal(WorkerState.Running, w.State));
        Assert.All(status.Workers, w => Assert.Equal(Launcher.Last(w.Id).Process.Pid, w.Pid));
        // Each worker gets its own home buckets (b mod 2), none of the other's.
        Assert.Equal(1024, status.Workers.Sum(w => w.BucketsOwned));
        Assert.All(status.Workers, w => Assert.Equal(512, w.BucketsOwned));
    }

    [Fact]
    public void RegisterWorker_StrangerWithWrongSecret_IsRefusedAndGetsNothing()
    {
        var master = StartMaster(workers: 1);
        AwaitCondition(() => Launcher.LaunchCount(0) == 1);
        var stranger = CreateTestProbe();

        stranger.Send(master, new RegisterWorker(0, Launcher.Last(0).Spec.Generation, Launcher.Last(0).Process.Pid, "guessed"));

        stranger.ExpectMsg<RegistrationRefused>();
        Assert.Equal(WorkerState.Starting, Status(master).Workers[0].State);
        Assert.Equal(0, Status(master).Workers[0].BucketsOwned);
    }

    [Fact]
    public void RegisterWorker_RightSecretWrongPid_IsRefused()
    {
        var master = StartMaster(workers: 1);
        AwaitCondition(() => Launcher.LaunchCount(0) == 1);
        var stranger = CreateTestProbe();

        stranger.Send(master, new RegisterWorker(0, Launcher.Last(0).Spec.Generation, 4242, Launcher.Last(0).Spec.Secret));

        stranger.ExpectMsg<RegistrationRefused>();
    }

    [Fact]
    public void ProcessExit_OneOfTwoWorkers_MovesOnlyItsBucketsAndRelaunchesAfterBackoff()
    {
        var master = StartMaster(workers: 2);
        RegisterAll(master, 2);
        var before = Status(master);

        Launcher.Last(1).Process.Exit(1);

        AwaitAssert(() => Assert.Equal(0, Status(master).Workers[1].BucketsOwned));
        AwaitRestartScheduled(1, 1);
        var after = Status(master);
        Assert.Equal(512, after.Workers[0].BucketsOwned);
        Assert.Equal(512, after.Workers[1].BucketsAwayFromHome);
        Assert.Equal(WorkerState.Restarting, after.Workers[1].State);
        Assert.Equal(1, after.Workers[1].LastExitCode);
        Assert.Equal(before.Workers[0].Pid, after.Workers[0].Pid);

        // min backoff is 1 s with no jitter: nothing before, a relaunch after. The supervisor answers
        // only after it has handled what the advanced clock delivered, so "no child" is not a race.
        var supervisor = Sys.ActorSelection("/user/master/" + MasterActor.WorkerChildName(1));
        Scheduler.Advance(TimeSpan.FromMilliseconds(900));
        Assert.True(CurrentChild(supervisor).IsNobody(), "relaunched before the 1 s backoff");
        Assert.Equal(1, Launcher.LaunchCount(1));
        Scheduler.Advance(TimeSpan.FromMilliseconds(200));
        AwaitCondition(() => Launcher.LaunchCount(1) == 2);
        Assert.Equal(1, Launcher.LaunchCount(0));
    }

    [Fact]
    public void ProcessExit_RepeatedCrashes_BackoffDoublesUpToTheCap()
    {
        StartMaster(workers: 1);
        AwaitCondition(() => Launcher.LaunchCount(0) == 1);
        var supervisor = Sys.ActorSelection("/user/master/" + MasterActor.WorkerChildName(0));

        // min 1 s, max 4 s, no jitter: 1 s, 2 s, 4 s, then capped at 4 s.
        double[] expected = [1, 2, 4, 4];
        for (var crash = 1; crash <= expected.Length; crash++)
        {
            var restarts = crash;
            Launcher.Last(0).Process.Exit(2);
            AwaitAssert(() => Assert.Equal(restarts, supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance).Result.Count));

            Scheduler.Advance(TimeSpan.FromSeconds(expected[crash - 1]) - TimeSpan.FromMilliseconds(50));
            Assert.True(CurrentChild(supervisor).IsNobody(), $"relaunched before {expected[crash - 1]} s after crash {crash}");
            Scheduler.Advance(TimeSpan.FromMilliseconds(100));
            AwaitAssert(() => Assert.False(CurrentChild(supervisor).IsNobody()));
            AwaitCondition(() => Launcher.LaunchCount(0) == restarts + 1);
        }
    }

    [Fact]
    public void StartupTimeout_WorkerNeverRegisters_IsKilledAndRelaunched()
    {
        var master = StartMaster(workers: 1);
        AwaitCondition(() => Launcher.LaunchCount(0) == 1);
        var first = Launcher.Last(0).Process;
        AwaitAssert(() => Assert.Equal(first.Pid, Status(master).Workers[0].Pid));

        Scheduler.Advance(TimeSpan.FromSeconds(5));

        AwaitCondition(() => first.Killed);
        AwaitRestartScheduled(0, 1);
        Scheduler.Advance(TimeSpan.FromSeconds(2));
        AwaitCondition(() => Launcher.LaunchCount(0) == 2);
        var second = Launcher.Last(0).Process;
        Assert.NotEqual(first.Pid, second.Pid);
        AwaitAssert(() => Assert.Equal(second.Pid, Status(master).Workers[0].Pid));
        Assert.False(second.Killed);
    }

    [Fact]
    public void ChannelBroken_RunningWorker_IsKilledAndItsBucketsMove()
    {
        var master = StartMaster(workers: 2);
        RegisterAll(master, 2);

        Launcher.Last(0).Channel.Break();

        AwaitCondition(() => Launcher.Last(0).Process.Killed);
        AwaitAssert(() => Assert.Equal(0, Status(master).Workers[0].BucketsOwned));

        // Its buckets wait for the replacement (3 s by default), which never registers here.
        Scheduler.Advance(TimeSpan.FromSeconds(3.1));
        AwaitAssert(() => Assert.Equal(1024, Status(master).Workers[1].BucketsOwned));
    }

    [Fact]
    public void DrainAll_RunningWorkers_SealsChannelsAsksEachToDrainAndReportsWhenExited()
    {
        var master = StartMaster(workers: 2);
        var controls = RegisterAll(master, 2);
        var requester = CreateTestProbe();

        requester.Send(master, new DrainAll(TimeSpan.FromSeconds(30)));

        foreach (var (id, control) in controls)
        {
            control.ExpectMsg<DrainWorker>();
            Assert.True(Launcher.Last(id).Channel.Sealed);
            Launcher.Last(id).Process.Exit(0);
        }

        var drained = requester.ExpectMsg<AllDrained>();
        Assert.Equal(2, drained.Drained);
        Assert.Equal(2, Launcher.Launches.Count);
    }

    /// <summary>
    /// A stop signal to the whole process group (systemd's stop): the master begins to stop (in a
    /// cluster it first leaves, which takes a while) and a worker that got the signal too stops by
    /// itself and exits before the master's drain. It is not relaunched after its backoff, and the
    /// drain then answers at once for the workers that are left.
    /// </summary>
    [Fact]
    public void DrainAll_AWorkerExitedOnItsOwnOnceTheMasterBeganToStop_NotRelaunchedAndAllDrainedComesAtOnce()
    {
        var stopping = new MasterStopping();
        var master = StartMaster(workers: 2, stopping: stopping);
        var controls = RegisterAll(master, 2);
        var requester = CreateTestProbe();

        stopping.Set();
        controls[1].Send(master, new WorkerDraining(1));
        controls[1].ExpectMsg<DrainWorker>();
        Launcher.Last(1).Process.Exit(0);
        AwaitAssert(() => Assert.NotEqual(WorkerState.Draining, Status(master).Workers[1].State));
        Scheduler.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, Launcher.LaunchCount(1));

        requester.Send(master, new DrainAll(TimeSpan.FromSeconds(30)));
        controls[0].FishForMessage(message => message is DrainWorker);
        Launcher.Last(0).Process.Exit(0);

        // No virtual time passes: the answer may not wait for the 30 s deadline.
        var drained = requester.ExpectMsg<AllDrained>();
        Assert.Equal(drained.Total, drained.Drained);
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Launcher.LaunchCount(1));
        Assert.Equal(1, Launcher.LaunchCount(0));
    }

    /// <summary>
    /// A stop (or a handover) while the master still reads a connection's request head (a header
    /// key): the connection reaches a worker before the workers drain, instead of finding them
    /// sealed and being answered 503.
    /// </summary>
    [Fact]
    public async Task DrainAll_WhileARequestHeadIsBeingRead_ItReachesAWorkerBeforeTheWorkersDrain()
    {
        var master = StartMaster(workers: 2, """affinity { key = header, name = "X-Client" }""");
        var controls = RegisterAll(master, 2);
        var requester = CreateTestProbe();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(EndPoint);
        await client.SendAsync("GET / HTTP/1.1\r\nHost: test\r\n"u8.ToArray());
        AwaitAssert(() => Assert.Equal(1, Status(master).Accepted));

        requester.Send(master, new DrainAll(TimeSpan.FromSeconds(30)));
        Scheduler.Advance(TimeSpan.FromMilliseconds(50));
        foreach (var control in controls.Values)
        {
            control.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        }

        Assert.All(controls.Keys, id => Assert.False(Launcher.Last(id).Channel.Sealed));
        await client.SendAsync("X-Client: a\r\n\r\n"u8.ToArray());
        AwaitCondition(() => controls.Keys.Sum(id => Launcher.Last(id).Channel.Received.Count) == 1);

        Scheduler.Advance(TimeSpan.FromMilliseconds(50));
        foreach (var (id, control) in controls)
        {
            control.FishForMessage(message => message is DrainWorker);
            Launcher.Last(id).Process.Exit(0);
        }

        Assert.Equal(2, requester.ExpectMsg<AllDrained>().Drained);
    }

    [Fact]
    public void WorkerDraining_FromItsOwnControl_SealsAndTheWorkerIsReplaced()
    {
        var master = StartMaster(workers: 1);
        var controls = RegisterAll(master, 1);
        var control = controls[0];

        control.Send(master, new WorkerDraining(0));

        control.ExpectMsg<DrainWorker>();
        Assert.True(Launcher.Last(0).Channel.Sealed);
        Launcher.Last(0).Process.Exit(0);
        AwaitAssert(() => Assert.Equal(WorkerState.Restarting, Status(master).Workers[0].State));
        AwaitRestartScheduled(0, 1);
        Scheduler.Advance(TimeSpan.FromSeconds(2));
        AwaitCondition(() => Launcher.LaunchCount(0) == 2);
    }

    [Fact]
    public void RollingRestart_EachSlot_NewProcessTakesOverBeforeTheOldOneDrains()
    {
        var master = StartMaster(workers: 2);
        var oldControls = RegisterAll(master, 2);
        var before = Status(master);
        var requester = CreateTestProbe();

        requester.Send(master, RollingRestart.Instance);

        for (var id = 0; id < 2; id++)
        {
            var worker = id;
            AwaitCondition(() => Launcher.LaunchCount(worker) == 2);
            Assert.False(Launcher.Launches.First(l => l.Spec.WorkerId == worker).Channel.Sealed, "old channel sealed before the new worker registered");
            var (spec, process, _) = Launcher.Last(worker);
            var control = CreateTestProbe();
            control.Send(master, new RegisterWorker(worker, spec.Generation, process.Pid, spec.Secret));
            control.ExpectMsg<WorkerRegistered>();

            oldControls[worker].ExpectMsg<DrainWorker>();
            Assert.True(Launcher.Launches.First(l => l.Spec.WorkerId == worker).Channel.Sealed);
            Launcher.Launches.First(l => l.Spec.WorkerId == worker).Process.Exit(0);
        }

        Assert.True(requester.ExpectMsg<RollingRestartDone>().Succeeded);
        var after = Status(master);
        Assert.All(after.Workers, w => Assert.Equal(WorkerState.Running, w.State));
        Assert.All(after.Workers, w => Assert.NotEqual(before.Workers[w.Id].Pid, w.Pid));
        Assert.Equal(before.Workers.Select(w => w.BucketsOwned), after.Workers.Select(w => w.BucketsOwned));
    }

    [Fact]
    public void RollingRestart_ReplacementNeverRegisters_AbortsAndTheOldProcessKeepsServing()
    {
        var master = StartMaster(workers: 1);
        var oldControls = RegisterAll(master, 1);
        var oldPid = Status(master).Workers[0].Pid;
        var requester = CreateTestProbe();

        requester.Send(master, RollingRestart.Instance);
        AwaitCondition(() => Launcher.LaunchCount(0) == 2);
        Scheduler.Advance(TimeSpan.FromSeconds(6));

        var done = requester.ExpectMsg<RollingRestartDone>();
        Assert.False(done.Succeeded);
        Assert.Contains("worker 0", done.Detail, StringComparison.Ordinal);
        // The old worker was pinged while it kept serving (6 s), never asked to drain.
        oldControls[0].ExpectMsg<Ping>();
        oldControls[0].ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        var status = Status(master);
        Assert.Equal(oldPid, status.Workers[0].Pid);
        Assert.Equal(WorkerState.Running, status.Workers[0].State);
        Assert.Equal(1024, status.Workers[0].BucketsOwned);
    }

    /// <summary>Waits until worker <paramref name="id"/>'s supervisor has scheduled restart number <paramref name="count"/>.</summary>
    private void AwaitRestartScheduled(int id, int count)
    {
        var supervisor = Sys.ActorSelection("/user/master/" + MasterActor.WorkerChildName(id));
        AwaitAssert(() => Assert.Equal(count, supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance).Result.Count));
    }

    private static IActorRef CurrentChild(ActorSelection supervisor) =>
        supervisor.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance).Result.Ref ?? ActorRefs.Nobody;

}
