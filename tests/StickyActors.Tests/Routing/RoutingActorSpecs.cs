using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using StickyActors.Configuration;
using StickyActors.Routing;
using StickyActors.Tests.Handoff;

namespace StickyActors.Tests.Routing;

/// <summary>The routing actor's waits and bounds, on virtual time (Akka timers and the clock advance together).</summary>
public sealed class RoutingActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const int Buckets = 64;
    private const int Workers = 4;
    private static readonly TimeSpan s_startup = TimeSpan.FromSeconds(5);
    private static readonly Config s_virtualTime = ConfigurationFactory.ParseString(
        """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """);

    private readonly FakeTimeProvider _time = new();
    private readonly RoutingTableHolder _holder = new(RoutingSnapshot.Empty(Buckets, Workers, 7));
    private long _flushes;
    private readonly BucketActivity _activity;
    private readonly FakeHandoffTarget[] _targets = Enumerable.Range(0, Workers).Select(w => new FakeHandoffTarget(w)).ToArray();
    private IActorRef? _routing;

    public RoutingActorSpecs()
        : base(s_virtualTime) => _activity = new BucketActivity(Buckets, _time);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void ColdStart_FirstWorkerUp_TakesOnlyItsHomeBucketsWhileTheOthersStart()
    {
        var routing = Start(Settings());

        Send(routing, new WorkerUp(0, 1, _targets[0]));
        Advance(TimeSpan.FromSeconds(4.9));

        var owners = State(routing).Owners;
        Assert.All(Enumerable.Range(0, Buckets), b => Assert.Equal(b % Workers == 0 ? 0 : BucketTable.Unowned, owners[b]));
        Assert.Null(_holder.Current.TargetFor(1));
    }

    [Fact]
    public void ColdStart_AllUpWithinTheStartupTimeout_EveryBucketAtHome()
    {
        var routing = Start(Settings());

        for (var w = 0; w < Workers; w++)
        {
            Advance(TimeSpan.FromSeconds(1));
            Send(routing, new WorkerUp(w, 1, _targets[w]));
        }

        Advance(s_startup);
        var owners = State(routing).Owners;
        Assert.All(Enumerable.Range(0, Buckets), b => Assert.Equal(b % Workers, owners[b]));
        Assert.All(Enumerable.Range(0, Workers), w => Assert.Equal(0, _holder.Current.Ownership().AwayFromHome(w)));
    }

    [Fact]
    public void ColdStart_WorkerMissesTheStartupTimeout_ItsBucketsGoToInterimOwnersThen()
    {
        var routing = Start(Settings());
        for (var w = 0; w < 3; w++)
        {
            Send(routing, new WorkerUp(w, 1, _targets[w]));
        }

        Advance(s_startup - TimeSpan.FromMilliseconds(100));
        Assert.Equal(BucketTable.Unowned, State(routing).Owners[3]);

        Advance(TimeSpan.FromMilliseconds(200));
        var owners = State(routing).Owners;
        Assert.All(Enumerable.Range(0, Buckets).Where(b => b % Workers == 3), b => Assert.Equal(InterimOwner.Pick(b, 7, [true, true, true, false]), owners[b]));
    }

    [Fact]
    public void WorkerDown_ReplacementWithinTheWait_GetsEveryBucketBackAndNothingElseMoves()
    {
        var routing = StartAllUp(Settings());
        var before = State(routing).Owners.ToArray();

        Send(routing, new WorkerDown(2, 1, "killed"));
        var during = State(routing).Owners;
        Assert.All(Enumerable.Range(0, Buckets), b => Assert.Equal(b % Workers == 2 ? BucketTable.Unowned : before[b], during[b]));

        Advance(TimeSpan.FromSeconds(2.9));
        Assert.Equal(BucketTable.Unowned, State(routing).Owners[2]);
        Send(routing, new WorkerUp(2, 2, _targets[2]));

        Assert.Equal(before, State(routing).Owners);
        Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(before, State(routing).Owners);
    }

    [Fact]
    public void WorkerDown_ReplacementLate_BucketsGoToInterimAfterTheWaitAndComeHomeOnceNoSessionHoldsThem()
    {
        var routing = StartAllUp(Settings());

        Send(routing, new WorkerDown(1, 1, "killed"));
        Advance(TimeSpan.FromSeconds(3.1));
        var interim = State(routing).Owners;
        Assert.All(Enumerable.Range(0, Buckets).Where(b => b % Workers == 1), b => Assert.Equal(InterimOwner.Pick(b, 7, [true, false, true, true]), interim[b]));

        // Bucket 1 was handed off after its interim owner's last report: that report may miss it.
        Send(routing, new BucketSessionsReported(interim[1], 1, []));
        Advance(TimeSpan.FromMilliseconds(500));
        _activity.Touch(1);
        Send(routing, new WorkerUp(1, 2, _targets[1]));
        Advance(TimeSpan.FromSeconds(2));
        var owners = State(routing).Owners;
        Assert.Equal(interim[1], owners[1]);
        Assert.Equal(1, owners[5]);

        Send(routing, new BucketSessionsReported(interim[1], 1, []));
        Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(1, State(routing).Owners[1]);
    }

    [Fact]
    public void InterimRule_OpenSessionAtTheInterimOwner_KeepsTheBucketThereUntilItCloses()
    {
        var routing = StartAllUp(Settings());
        Send(routing, new WorkerDown(0, 1, "killed"));
        Advance(TimeSpan.FromSeconds(3.1));
        var interimOwner = State(routing).Owners[4];
        Send(routing, new BucketSessionsReported(interimOwner, 1, [4]));
        Send(routing, new WorkerUp(0, 2, _targets[0]));

        Advance(TimeSpan.FromSeconds(30));
        var owners = State(routing).Owners;
        Assert.Equal(interimOwner, owners[4]);
        Assert.Equal(0, owners[8]);

        Send(routing, new BucketSessionsReported(interimOwner, 1, []));
        Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, State(routing).Owners[4]);
    }

    [Fact]
    public void InterimRule_SessionOpenForever_ReturnsHomeAtMaxInterim()
    {
        var routing = StartAllUp(Settings());
        Send(routing, new WorkerDown(0, 1, "killed"));
        Advance(TimeSpan.FromSeconds(3.1));
        var interimOwner = State(routing).Owners[4];
        Send(routing, new BucketSessionsReported(interimOwner, 1, [4]));
        Send(routing, new WorkerUp(0, 2, _targets[0]));

        Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(interimOwner, State(routing).Owners[4]);

        Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, State(routing).Owners[4]);
        Assert.False(_holder.Current.Ownership().HeldForOthers(interimOwner) > 0);
    }

    [Fact]
    public void InterimRule_ReportFromAnOldGeneration_IsIgnored()
    {
        var routing = StartAllUp(Settings());
        Send(routing, new WorkerDown(0, 1, "killed"));
        Advance(TimeSpan.FromSeconds(3.1));
        var interimOwner = State(routing).Owners[4];
        Send(routing, new BucketSessionsReported(interimOwner, 99, [4]));
        Send(routing, new WorkerUp(0, 2, _targets[0]));

        Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(0, State(routing).Owners[4]);
    }

    [Fact]
    public void OnWorkerLossInterim_BucketsMoveAtOnceToTheSameOwnerTheAcceptThreadPicked()
    {
        var routing = StartAllUp(Settings() with { OnWorkerLoss = WorkerLossRule.Interim });
        var seenByAcceptThread = _holder.Current;
        _targets[3].Alive = false;
        var picked = Enumerable.Range(0, Buckets).Where(b => b % Workers == 3).ToDictionary(b => b, b => seenByAcceptThread.TargetFor(b)!.WorkerId);

        Send(routing, new WorkerDown(3, 1, "killed"));

        var owners = State(routing).Owners;
        Assert.All(picked, p => Assert.Equal(p.Value, owners[p.Key]));
    }

    [Fact]
    public void AllAtHome_NoReturnCheckTimerRuns()
    {
        var routing = StartAllUp(Settings());
        var version = State(routing).Version;

        Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(version, State(routing).Version);
        Assert.All(State(routing).Owners.Select((owner, bucket) => (owner, bucket)), x => Assert.Equal(x.bucket % Workers, x.owner));
    }

    private static RoutingSettings Settings() =>
        new(Buckets, 7, TimeSpan.Zero, TimeSpan.FromSeconds(1)) { ReplacementWait = TimeSpan.FromSeconds(3), MaxInterim = TimeSpan.FromSeconds(60) };

    private IActorRef Start(RoutingSettings settings) =>
        _routing = Sys.ActorOf(RoutingActor.Props(settings, Workers, s_startup, _holder, _activity, _time));

    private IActorRef StartAllUp(RoutingSettings settings)
    {
        var routing = Start(settings);
        for (var w = 0; w < Workers; w++)
        {
            Send(routing, new WorkerUp(w, 1, _targets[w]));
        }

        State(routing);
        return routing;
    }

    /// <summary>Tells, then waits until the actor handled it (so its timers start at this virtual moment).</summary>
    private void Send(IActorRef routing, object message)
    {
        routing.Tell(message);
        State(routing);
    }

    private void Advance(TimeSpan by)
    {
        // In small steps, so that each timer sees the clock of its own moment.
        var step = TimeSpan.FromMilliseconds(100);
        for (var done = TimeSpan.Zero; done < by; done += step)
        {
            var next = by - done < step ? by - done : step;
            _time.Advance(next);
            Scheduler.Advance(next);
            if (_routing is not null)
            {
                State(_routing);
            }
        }
    }

    // The table as published once the routing actor has handled everything sent to it before.
    private (int[] Owners, long Version) State(IActorRef routing)
    {
        routing.Ask<RoutingFlushed>(new FlushRouting(++_flushes), TimeSpan.FromSeconds(3)).Wait();
        var current = _holder.Current;
        return (Enumerable.Range(0, Buckets).Select(current.OwnerOf).ToArray(), current.Version);
    }
}
