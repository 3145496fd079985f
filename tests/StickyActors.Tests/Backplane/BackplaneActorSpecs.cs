using StickyActors.Backplane;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.Backplane;

/// <summary>The master's fan-out: from a joined worker to the others and the bus; from the bus to all; from anyone else, nowhere.</summary>
public sealed class BackplaneActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly RecordingBus _bus = new();

    [Fact]
    public void FromWorker_JoinedWorker_ReachesTheOtherWorkersAndTheBusButNotItself()
    {
        var backplane = Sys.ActorOf(BackplaneActor.Props(_bus));
        var (one, two) = (CreateTestProbe(), CreateTestProbe());
        one.Send(backplane, new BackplaneJoin(0));
        two.Send(backplane, new BackplaneJoin(1));
        var ack = new BackplaneAck("s", 1);

        one.Send(backplane, new BackplaneFromWorker(0, ack));

        Assert.Equal(ack, two.ExpectMsg<BackplaneDelivery>().Message);
        one.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        AwaitCondition(() => _bus.Published.Count == 1);
    }

    [Fact]
    public void FromWorker_NotTheActorThatJoinedForThatId_IsDropped()
    {
        var backplane = Sys.ActorOf(BackplaneActor.Props(_bus));
        var (one, impostor) = (CreateTestProbe(), CreateTestProbe());
        one.Send(backplane, new BackplaneJoin(0));

        impostor.Send(backplane, new BackplaneFromWorker(0, new BackplaneAck("s", 1)));
        impostor.Send(backplane, new BackplaneFromWorker(5, new BackplaneAck("s", 1)));

        one.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Empty(_bus.Published);
    }

    [Fact]
    public void FromHost_ReachesEveryJoinedWorkerAndIsNotPublishedAgain()
    {
        var backplane = Sys.ActorOf(BackplaneActor.Props(_bus));
        var (one, two) = (CreateTestProbe(), CreateTestProbe());
        one.Send(backplane, new BackplaneJoin(0));
        two.Send(backplane, new BackplaneJoin(1));
        AwaitCondition(() => _bus.Received is not null);

        _bus.Received!(new BackplaneAck("s", 2));

        one.ExpectMsg<BackplaneDelivery>();
        two.ExpectMsg<BackplaneDelivery>();
        Assert.Empty(_bus.Published);
    }

    [Fact]
    public void Join_WorkerActorStopped_GetsNothingMore()
    {
        var backplane = Sys.ActorOf(BackplaneActor.Props(_bus));
        var (one, gone) = (CreateTestProbe(), CreateTestProbe());
        one.Send(backplane, new BackplaneJoin(0));
        gone.Send(backplane, new BackplaneJoin(1));
        Watch(gone.Ref);
        Sys.Stop(gone.Ref);
        ExpectTerminated(gone.Ref);

        one.Send(backplane, new BackplaneFromWorker(0, new BackplaneAck("s", 1)));

        AwaitCondition(() => _bus.Published.Count == 1);
    }

    private sealed class RecordingBus : IBackplaneBus
    {
        public System.Collections.Concurrent.ConcurrentQueue<IBackplaneMessage> Published { get; } = new();

        public Action<IBackplaneMessage>? Received { get; private set; }

        public void Publish(IBackplaneMessage message) => Published.Enqueue(message);

        public IDisposable Subscribe(Action<IBackplaneMessage> received)
        {
            Received = received;
            return new CancellationTokenSource();
        }
    }
}
