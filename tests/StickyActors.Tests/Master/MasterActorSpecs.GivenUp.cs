using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using StickyActors.Configuration;
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

        _launcher.Last(1).Process.Exit(1);
        AwaitRestartScheduled(1, 1);
        Scheduler.Advance(TimeSpan.FromSeconds(1.1));
        AwaitCondition(() => _launcher.LaunchCount(1) == 2);
        AwaitAssert(() => Assert.Equal(_launcher.Last(1).Process.Pid, Status(master).Workers[1].Pid));
        _launcher.Last(1).Process.Exit(1);

        AwaitAssert(() => Assert.Equal(WorkerState.GivenUp, Status(master).Workers[1].State));
        AwaitAssert(() => Assert.Equal(1024, Status(master).Workers[0].BucketsOwned));
        Scheduler.Advance(TimeSpan.FromSeconds(30));
        var status = Status(master);
        Assert.Equal(2, _launcher.LaunchCount(1));
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
        AwaitCondition(() => _launcher.LaunchCount(0) == 1);
        AwaitAssert(() => Assert.Equal(_launcher.Last(0).Process.Pid, Status(master).Workers[0].Pid));

        _launcher.Last(0).Process.Exit(3);

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
        AwaitCondition(() => _launcher.LaunchCount(0) == 1);

        for (var exit = 1; exit <= 4; exit++)
        {
            var launches = exit;
            _launcher.Last(0).Process.Exit(1);
            AwaitRestartScheduled(0, exit);
            Scheduler.Advance(TimeSpan.FromSeconds(4.1));
            AwaitCondition(() => _launcher.LaunchCount(0) == launches + 1);
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

    private IActorRef StartMaster(int workers, string extra, Action<int>? stopWithExitCode = null)
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon($$"""
            sticky-actors {
              listen { address = "127.0.0.1", port = 0 }
              workers { count = {{workers}}, startup-timeout = 5s, restart-backoff { min = 1s, max = 4s, random-factor = 0 } }
              routing.buckets = 1024
              {{extra}}
            }
            """));
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var resources = new MasterResources(settings, listener, _ => _launcher, "akka://test", NullLoggerFactory.Instance, TimeProvider.System)
        {
            StopWithExitCode = stopWithExitCode ?? (_ => { }),
        };
        return Sys.ActorOf(MasterActor.Props(resources), "master");
    }
}
