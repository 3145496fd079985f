using StickyActors.ControlPlane;

namespace StickyActors.Tests.Workers;

/// <summary>
/// A running worker is pinged over the control plane (remote death watch is refused in untrusted
/// mode): one that answers nothing for <c>unresponsive-after</c> (10 s, pings every third of it) is
/// taken out of routing and killed; its Pongs count only from its own control actor.
/// </summary>
public sealed partial class MasterActorSpecs
{
    private static readonly TimeSpan s_pingInterval = TimeSpan.FromSeconds(10) / 3;

    [Fact]
    public void Ping_OneWorkerStopsAnswering_OnlyItIsDownAndKilledAfterUnresponsiveAfter()
    {
        var master = StartMaster(workers: 2);
        var controls = RegisterAll(master, 2);

        // Both answer for a minute: nobody is touched.
        for (var tick = 0; tick < 18; tick++)
        {
            Scheduler.Advance(s_pingInterval);
            foreach (var control in controls.Values)
            {
                control.ExpectMsg<Ping>();
                control.Reply(Pong.Instance);
            }
        }

        Assert.False(Launcher.Last(1).Process.Killed);

        // Worker 1 hangs: three pings go unanswered (10 s), then the fourth tick declares it down.
        for (var tick = 0; tick < 3; tick++)
        {
            Scheduler.Advance(s_pingInterval);
            controls[0].ExpectMsg<Ping>();
            controls[0].Reply(Pong.Instance);
            controls[1].ExpectMsg<Ping>();
        }

        Assert.False(Launcher.Last(1).Process.Killed, "killed before unresponsive-after");
        Assert.Equal(512, Status(master).Workers[1].BucketsOwned);
        Scheduler.Advance(s_pingInterval);

        AwaitCondition(() => Launcher.Last(1).Process.Killed);
        AwaitAssert(() => Assert.Equal(0, Status(master).Workers[1].BucketsOwned));
        controls[1].ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.False(Launcher.Last(0).Process.Killed);
        Assert.Equal(0, Status(master).IgnoredControlMessages);
    }

    [Fact]
    public void Pong_FromAStranger_IsIgnoredCountedAndDoesNotKeepAHungWorkerAlive()
    {
        var master = StartMaster(workers: 1);
        var controls = RegisterAll(master, 1);
        var stranger = CreateTestProbe();

        for (var tick = 0; tick < 3; tick++)
        {
            Scheduler.Advance(s_pingInterval);
            controls[0].ExpectMsg<Ping>();
            stranger.Send(controls[0].LastSender, Pong.Instance);
        }

        AwaitAssert(() => Assert.Equal(3, Status(master).IgnoredControlMessages));
        Assert.False(Launcher.Last(0).Process.Killed);
        Scheduler.Advance(s_pingInterval);

        AwaitCondition(() => Launcher.Last(0).Process.Killed);
    }
}
