using Akka.Actor;
using StickyActors.ControlPlane;
using StickyActors.Supervision;

namespace StickyActors.Tests.Workers;

/// <summary>Every handler of the master checks its sender: forged messages are ignored and counted, never thrown on.</summary>
public sealed partial class MasterActorSpecs
{
    [Fact]
    public void WorkerLifecycleEvent_ForgedWithAnOutOfRangeId_IsIgnoredCountedAndTheMasterKeepsItsState()
    {
        var master = StartMaster(workers: 1);
        RegisterAll(master, 1);
        var stranger = CreateTestProbe();

        stranger.Send(master, new WorkerLifecycleEvent(99, 1, 4242, WorkerState.Stopped, 0, "forged"));

        var status = Status(master);
        Assert.Equal(1, status.IgnoredControlMessages);
        Assert.Equal(WorkerState.Running, status.Workers[0].State);
        Assert.Equal(1024, status.Workers[0].BucketsOwned);
    }

    [Fact]
    public void WorkerLifecycleEvent_ForgedForARealSlot_ChangesNothingAndIsCounted()
    {
        var master = StartMaster(workers: 1);
        RegisterAll(master, 1);
        var before = Status(master);
        var stranger = CreateTestProbe();

        stranger.Send(master, new WorkerLifecycleEvent(0, Launcher.Last(0).Spec.Generation, 4242, WorkerState.Stopped, 1, "forged"));

        var after = Status(master);
        Assert.Equal(1, after.IgnoredControlMessages);
        Assert.Equal(before.Workers[0], after.Workers[0]);
    }

    [Fact]
    public void WorkerDraining_FromAStranger_IsIgnoredAndCountedAndTheWorkerKeepsServing()
    {
        var master = StartMaster(workers: 1);
        var controls = RegisterAll(master, 1);
        var stranger = CreateTestProbe();

        stranger.Send(master, new WorkerDraining(0));
        stranger.Send(master, new WorkerDraining(99));

        AwaitAssert(() => Assert.Equal(2, Status(master).IgnoredControlMessages));
        controls[0].ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.False(Launcher.Last(0).Channel.Sealed);
        Assert.Equal(WorkerState.Running, Status(master).Workers[0].State);
    }

    [Fact]
    public void WorkerDraining_FromTheRegisteredControlActor_DrainsThatWorker()
    {
        var master = StartMaster(workers: 1);
        var controls = RegisterAll(master, 1);

        controls[0].Send(master, new WorkerDraining(0));

        controls[0].ExpectMsg<DrainWorker>();
        Assert.True(Launcher.Last(0).Channel.Sealed);
        Assert.Equal(0, Status(master).IgnoredControlMessages);
    }

    [Fact]
    public void RegisterWorker_ForgedSecretOrUnknownSlot_IsRefusedAndCounted()
    {
        var master = StartMaster(workers: 1);
        AwaitCondition(() => Launcher.LaunchCount(0) == 1);
        var stranger = CreateTestProbe();

        stranger.Send(master, new RegisterWorker(0, Launcher.Last(0).Spec.Generation, Launcher.Last(0).Process.Pid, "guessed"));
        stranger.Send(master, new RegisterWorker(7, 1, 1, "guessed"));

        stranger.ExpectMsg<RegistrationRefused>();
        stranger.ExpectMsg<RegistrationRefused>();
        AwaitAssert(() => Assert.Equal(2, Status(master).IgnoredControlMessages));
    }

    [Fact]
    public void UnexpectedMessage_ToTheMaster_IsIgnoredAndCounted()
    {
        var master = StartMaster(workers: 1);

        master.Tell("anything", CreateTestProbe().Ref);

        Assert.Equal(1, Status(master).IgnoredControlMessages);
    }

    [Theory]
    [InlineData("index", "Resume")]
    [InlineData("disposed", "Resume")]
    [InlineData("killed", "Resume")]
    [InlineData("initialization", "Stop")]
    public void MasterGuardianStrategy_Failure_ResumesUnlessTheMasterCannotBeBuilt(string failure, string expected)
    {
        Exception exception = failure switch
        {
            "index" => new IndexOutOfRangeException("worker 99"),
            "disposed" => new ObjectDisposedException("listener"),
            "killed" => new ActorKilledException("Kill from a peer"),
            _ => new ActorInitializationException("constructor failed"),
        };

        Assert.Equal(expected, MasterGuardianStrategy.Decide(exception).ToString());
    }
}
