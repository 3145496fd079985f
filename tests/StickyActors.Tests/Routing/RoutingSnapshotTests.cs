using StickyActors.Handoff;
using StickyActors.Routing;
using StickyActors.Tests.Handoff;

namespace StickyActors.Tests.Routing;

public sealed class RoutingSnapshotTests
{
    [Fact]
    public void TargetFor_OwnerDead_FallsBackToALiveWorker()
    {
        var dead = new FakeHandoffTarget(0) { Alive = false };
        var live = new FakeHandoffTarget(1);
        var snapshot = new RoutingSnapshot([0, 1], [dead, live], seed: 1, version: 1);

        Assert.Same(live, snapshot.TargetFor(0));
        Assert.Same(live, snapshot.TargetFor(1));
    }

    [Fact]
    public void TargetFor_NoLiveWorker_ReturnsNull()
    {
        var snapshot = new RoutingSnapshot([0, 1], [new FakeHandoffTarget(0) { Alive = false }, null], seed: 1, version: 1);

        Assert.Null(snapshot.TargetFor(0));
    }

    [Fact]
    public void TargetFor_OwnerAlive_ReturnsOwner()
    {
        var a = new FakeHandoffTarget(0);
        var b = new FakeHandoffTarget(1);
        IHandoffTarget?[] targets = [a, b];
        var snapshot = new RoutingSnapshot([1, 0], targets, seed: 1, version: 1);

        Assert.Same(b, snapshot.TargetFor(0));
        Assert.Same(a, snapshot.TargetFor(1));
    }
}
