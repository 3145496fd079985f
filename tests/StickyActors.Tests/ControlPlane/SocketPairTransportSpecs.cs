using System.Diagnostics;
using Akka.Actor;
using Akka.Remote;
using Akka.TestKit;
using StickyActors.Configuration;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

/// <summary>
/// A master and a worker actor system in one process, joined by one control socket pair as a launch
/// joins them: the worker reaches the master over its end, the master answers over the inbound
/// association, and the end of the worker is seen at once.
/// </summary>
public sealed class SocketPairTransportSpecs : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);
    private readonly InboundControlChannels _inbound = new();
    private ActorSystem _master = null!;
    private ActorSystem _worker = null!;
    private TestProbe _received = null!;
    private string _address = string.Empty;

    public Task InitializeAsync()
    {
        var settings = new ControlPlaneSettings("127.0.0.1", 0, TimeSpan.FromSeconds(1));
        _master = ActorSystem.Create("sticky-master", BootstrapSetup.Create()
            .WithConfig(ControlPlaneConfig.SocketPair.WithFallback(ControlPlaneConfig.Create(settings, 0, ControlPlaneConfig.MasterSelectionPaths)))
            .And(SocketPairSetup.ForMaster(_inbound)));
        _received = CreateTestProbe();
        _master.ActorOf(Props.Create(() => new Echo(_received.Ref)), ControlPlaneConfig.MasterActorName);
        _address = ((ExtendedActorSystem)_master).Provider.DefaultAddress.ToString();

        var (master, worker) = ControlSocketPair.Create();
        _inbound.Adopt(master, workerId: 0, generation: 1);
        _worker = ActorSystem.Create("sticky-worker-0", BootstrapSetup.Create()
            .WithConfig(ControlPlaneConfig.SocketPair.WithFallback(ControlPlaneConfig.Create(settings, 0, [])))
            .And(SocketPairSetup.ForWorker(worker, _address)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Task.WhenAll(_worker.Terminate(), _master.Terminate()).WaitAsync(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Worker_AsksTheMaster_TheAnswerComesBackOverTheSameChannel()
    {
        Assert.StartsWith("akka.socketpair://sticky-master@localhost:", _address, StringComparison.Ordinal);

        var answer = await _worker.ActorSelection($"{_address}/user/{ControlPlaneConfig.MasterActorName}").Ask<WorkerDraining>(new WorkerDraining(7), s_wait);

        Assert.Equal(new WorkerDraining(7), _received.ExpectMsg<WorkerDraining>(s_wait));
        Assert.Equal(new WorkerDraining(8), answer);
    }

    [Fact]
    public async Task Worker_ManyMessagesAtOnce_ArriveInOrder()
    {
        var master = _worker.ActorSelection($"{_address}/user/{ControlPlaneConfig.MasterActorName}");
        await master.Ask<WorkerDraining>(new WorkerDraining(0), s_wait);
        _received.ExpectMsg<WorkerDraining>(s_wait);

        for (var i = 1; i <= 2000; i++)
        {
            master.Tell(new WorkerDraining(i));
        }

        for (var i = 1; i <= 2000; i++)
        {
            Assert.Equal(i, _received.ExpectMsg<WorkerDraining>(s_wait).WorkerId);
        }
    }

    [Fact]
    public async Task Worker_Terminates_TheMasterSeesTheAssociationEndAtOnce()
    {
        await _worker.ActorSelection($"{_address}/user/{ControlPlaneConfig.MasterActorName}").Ask<WorkerDraining>(new WorkerDraining(1), s_wait);
        var ended = CreateTestProbe(_master);
        _master.EventStream.Subscribe(ended.Ref, typeof(DisassociatedEvent));

        var clock = Stopwatch.StartNew();
        await _worker.Terminate().WaitAsync(s_wait);

        ended.ExpectMsg<DisassociatedEvent>(s_wait);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the master noticed the worker's end after {clock.Elapsed}");
    }

    [Fact]
    public async Task Master_AssociatesToAnAddressWithoutChannel_FailsAtOnce()
    {
        var transport = new SocketPairTransport(_master, ControlPlaneConfig.SocketPair.GetConfig("akka.remote.socket-pair"));
        await transport.Listen();

        var attempt = transport.Associate(new Address(SocketPairTransport.Scheme, "sticky-worker-9", "localhost", 4242));

        Assert.True(attempt.IsFaulted);
        Assert.IsType<Akka.Remote.Transport.InvalidAssociationException>(attempt.Exception!.InnerException);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo(IActorRef probe) => Receive<WorkerDraining>(message =>
        {
            probe.Tell(message);
            Sender.Tell(new WorkerDraining(message.WorkerId + 1));
        });
    }
}
