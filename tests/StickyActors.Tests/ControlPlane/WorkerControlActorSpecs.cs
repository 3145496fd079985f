using Akka.TestKit;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

/// <summary>The worker's control actor obeys only the master actor that accepted its registration.</summary>
public sealed class WorkerControlActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly RecordingHost _host = new();

    [Fact]
    public void DrainWorker_FromAStranger_IsIgnoredAndCounted()
    {
        var (control, _) = StartRegistered();
        var stranger = CreateTestProbe();

        stranger.Send(control, new DrainWorker(TimeSpan.FromSeconds(1)));

        Assert.Empty(_host.Drains);
        Assert.Equal(1, control.UnderlyingActor.Refused);
    }

    [Fact]
    public void DrainWorker_FromTheMasterThatAcceptedIt_Drains()
    {
        var (control, master) = StartRegistered();

        master.Send(control, new DrainWorker(TimeSpan.FromSeconds(7)));

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(_host.Drains));
        Assert.Equal(0, control.UnderlyingActor.Refused);
    }

    [Fact]
    public void DrainWorker_BeforeRegistration_IsIgnored()
    {
        var master = CreateTestProbe();
        var control = Start(master);
        master.ExpectMsg<RegisterWorker>();

        master.Send(control, new DrainWorker(TimeSpan.FromSeconds(1)));

        Assert.Empty(_host.Drains);
        Assert.Equal(1, control.UnderlyingActor.Refused);
    }

    [Fact]
    public void WorkerRegistered_FromASecondActor_DoesNotReplaceTheMaster()
    {
        var (control, master) = StartRegistered();
        var impostor = CreateTestProbe();

        impostor.Send(control, new WorkerRegistered(0));
        impostor.Send(control, new DrainWorker(TimeSpan.FromSeconds(1)));
        master.Send(control, new DrainWorker(TimeSpan.FromSeconds(2)));

        Assert.Equal(TimeSpan.FromSeconds(2), Assert.Single(_host.Drains));
        Assert.Equal(1, _host.Registrations);
    }

    [Fact]
    public void Ping_FromTheMasterThatAcceptedIt_IsAnsweredWithPong()
    {
        var (control, master) = StartRegistered();

        master.Send(control, Ping.Instance);

        master.ExpectMsg<Pong>();
        Assert.Equal(0, control.UnderlyingActor.Refused);
    }

    [Fact]
    public void Ping_AfterStrangersMessages_PongCarriesTheWorkersIgnoredCount()
    {
        var (control, master) = StartRegistered();
        var stranger = CreateTestProbe();
        stranger.Send(control, new DrainWorker(TimeSpan.FromSeconds(1)));
        stranger.Send(control, Ping.Instance);

        master.Send(control, Ping.Instance);

        Assert.Equal(new Pong(2), master.ExpectMsg<Pong>());
        stranger.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Ping_AfterConnectionsAcceptedFromTheSlotSocket_PongCarriesTheSteeredCount()
    {
        var (control, master) = StartRegistered();
        _host.SteeredAccepted = 31;

        master.Send(control, Ping.Instance);

        Assert.Equal(new Pong(0, 31), master.ExpectMsg<Pong>());
    }

    [Fact]
    public void Ping_FromAStrangerOrBeforeRegistration_IsNotAnsweredAndIsCounted()
    {
        var master = CreateTestProbe();
        var control = Start(master);
        master.ExpectMsg<RegisterWorker>();
        master.Send(control, Ping.Instance);
        master.Send(control, new WorkerRegistered(0));
        var stranger = CreateTestProbe();

        stranger.Send(control, Ping.Instance);

        stranger.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        master.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(2, control.UnderlyingActor.Refused);
    }

    [Fact]
    public void BackplaneMessage_FromTheMasterThatAcceptedIt_ReachesTheWorkerHost()
    {
        var (control, master) = StartRegistered();
        var ack = new BackplaneAck("server", 7);

        master.Send(control, ack);

        Assert.Equal(ack, Assert.Single(_host.Backplane));
    }

    [Fact]
    public void BackplaneMessage_FromAStranger_IsIgnoredAndCounted()
    {
        var (control, _) = StartRegistered();

        CreateTestProbe().Send(control, new BackplaneAck("server", 7));

        Assert.Empty(_host.Backplane);
        Assert.Equal(1, control.UnderlyingActor.Refused);
    }

    [Fact]
    public void PublishBackplane_OnceRegistered_GoesToTheMasterThatAcceptedIt()
    {
        var (control, master) = StartRegistered();
        var ack = new BackplaneAck("server", 7);

        control.Tell(new WorkerControlActor.PublishBackplane(ack));

        Assert.Equal(ack, master.ExpectMsg<BackplaneAck>());
    }

    [Fact]
    public void PublishBackplane_BeforeRegistration_IsDropped()
    {
        var master = CreateTestProbe();
        var control = Start(master);
        master.ExpectMsg<RegisterWorker>();

        control.Tell(new WorkerControlActor.PublishBackplane(new BackplaneAck("server", 7)));

        master.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private (TestActorRef<WorkerControlActor> Control, TestProbe Master) StartRegistered()
    {
        var master = CreateTestProbe();
        var control = Start(master);
        master.ExpectMsg<RegisterWorker>();
        master.Send(control, new WorkerRegistered(0));
        Assert.Equal(1, _host.Registrations);
        return (control, master);
    }

    private TestActorRef<WorkerControlActor> Start(TestProbe master) =>
        ActorOfAsTestActorRef<WorkerControlActor>(WorkerControlActor.Props(master.Ref.Path.ToString(), new RegisterWorker(0, 1, 42, "s"), _host), "control");

    private sealed class RecordingHost : IWorkerHostCallbacks
    {
        private int _registrations;

        public int Registrations => Volatile.Read(ref _registrations);

        public System.Collections.Concurrent.ConcurrentQueue<TimeSpan> Drains { get; } = new();

        public void Registered() => Interlocked.Increment(ref _registrations);

        public void Drain(TimeSpan deadline) => Drains.Enqueue(deadline);

        public void MasterLost(string reason)
        {
        }

        public void BucketsOwned(WorkerBucketsOwned owned)
        {
        }

        public System.Collections.Concurrent.ConcurrentQueue<IBackplaneMessage> Backplane { get; } = new();

        void IWorkerHostCallbacks.Backplane(IBackplaneMessage message) => Backplane.Enqueue(message);

        public long SteeredAccepted { get; set; }
    }
}
