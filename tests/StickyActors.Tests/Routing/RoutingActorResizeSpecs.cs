using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using StickyActors.Configuration;
using StickyActors.Routing;
using StickyActors.Tests.Handoff;

namespace StickyActors.Tests.Routing;

/// <summary>
/// The routing actor when a slot is added or removed, on virtual time: the new slot's buckets stay
/// with their workers until its worker registered and then come home under the session rule (a
/// bucket with an open connection waits), and a removed slot's buckets move at once, nothing else.
/// </summary>
public sealed class RoutingActorResizeSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const int Buckets = 64;
    private static readonly Config s_virtualTime = ConfigurationFactory.ParseString(
        """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """);

    private readonly FakeTimeProvider _time = new();
    private readonly RoutingTableHolder _holder = new(RoutingSnapshot.Empty(Buckets, 2, 7));
    private readonly FakeHandoffTarget[] _targets = Enumerable.Range(0, 3).Select(w => new FakeHandoffTarget(w)).ToArray();
    private readonly BucketActivity _activity;
    private IActorRef _routing = ActorRefs.Nobody;
    private long _flushes;

    public RoutingActorResizeSpecs()
        : base(s_virtualTime) => _activity = new BucketActivity(Buckets, _time);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void AddSlot_WorkerRegistersLater_BucketsMoveOnlyThenAndOneWithAnOpenConnectionWaits()
    {
        StartAllUp(workers: 2, capacity: 3);
        var before = Owners();

        _routing.Tell(new AddSlot(2), TestActor);
        var added = ExpectMsg<SlotAdded>();
        Assert.Equal(Buckets / 3, added.Rehomed);
        Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(before, Owners());

        var rehomed = Enumerable.Range(0, Buckets).Where(b => _holder.Current.HomeOf(b) == 2).ToArray();
        Assert.Equal(added.Rehomed, rehomed.Length);
        var held = rehomed[0];
        Send(new BucketSessionsReported(before[held], 1, [held]));
        Send(new WorkerUp(2, 1, _targets[2]));
        Advance(TimeSpan.FromSeconds(2));

        var owners = Owners();
        Assert.All(Enumerable.Range(0, Buckets), b => Assert.Equal(b == held || !rehomed.Contains(b) ? before[b] : 2, owners[b]));

        Send(new BucketSessionsReported(before[held], 1, []));
        Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, Owners()[held]);
        Assert.Equal(Buckets / 3, _holder.Current.Ownership().Owned(2));
    }

    [Fact]
    public void RemoveSlot_AllUp_OnlyItsBucketsMoveToLiveHomesAndTheAnswerFollowsThePublishedTable()
    {
        StartAllUp(workers: 3, capacity: 3);
        var before = Owners();

        _routing.Tell(new RemoveSlot(2), TestActor);
        var removed = ExpectMsg<SlotRemoved>();

        var owners = Owners();
        Assert.Equal(before.Count(o => o == 2), removed.Moved);
        Assert.All(Enumerable.Range(0, Buckets), b => Assert.Equal(before[b] == 2 ? _holder.Current.HomeOf(b) : before[b], owners[b]));
        Assert.DoesNotContain(2, owners);
        Assert.InRange(_holder.Current.Ownership().Owned(0), Buckets / 2, Buckets / 2);

        // The removed slot's draining worker is no longer routed to, and its late reports change nothing.
        Send(new WorkerDown(2, 1, "draining"));
        Send(new BucketSessionsReported(2, 1, [0, 1, 2]));
        Assert.Equal(owners, Owners());
    }

    private void StartAllUp(int workers, int capacity)
    {
        var settings = new RoutingSettings(Buckets, 7, TimeSpan.Zero, TimeSpan.FromSeconds(1)) { ReplacementWait = TimeSpan.FromSeconds(3), MaxInterim = TimeSpan.FromSeconds(60) };
        _routing = Sys.ActorOf(RoutingActor.Props(settings, workers, TimeSpan.FromSeconds(5), _holder, _activity, _time, capacity));
        for (var w = 0; w < workers; w++)
        {
            Send(new WorkerUp(w, 1, _targets[w]));
        }
    }

    private void Send(object message)
    {
        _routing.Tell(message);
        Owners();
    }

    private void Advance(TimeSpan by)
    {
        var step = TimeSpan.FromMilliseconds(100);
        for (var done = TimeSpan.Zero; done < by; done += step)
        {
            _time.Advance(step);
            Scheduler.Advance(step);
            Owners();
        }
    }

    private int[] Owners()
    {
        _routing.Ask<RoutingFlushed>(new FlushRouting(++_flushes), TimeSpan.FromSeconds(3)).Wait();
        var current = _holder.Current;
        return Enumerable.Range(0, Buckets).Select(current.OwnerOf).ToArray();
    }
}
