using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using StickyActors.Configuration;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

/// <summary>
/// Defence in depth behind the TLS pin: a peer that has the certificate (a compromised worker) and
/// Akka's default serializers still cannot deploy, kill, or send anything but our control messages
/// to the one trusted path. Each attack is followed by a control message on the same association;
/// that message arriving first and alone proves the attack was processed and dropped.
/// </summary>
public sealed class ControlPlaneHardeningSpecs : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);
    private readonly ControlPlaneCredentials _credentials = ControlPlaneCredentials.Create();
    private ActorSystem _master = null!;
    private ActorSystem _peer = null!;
    private TestProbe _received = null!;
    private string _address = string.Empty;

    public Task InitializeAsync()
    {
        _master = ControlPlaneSystems.Create("sticky-master", _credentials);
        _received = CreateTestProbe();
        _master.ActorOf(Props.Create(() => new Relay(_received.Ref)), ControlPlaneConfig.MasterActorName);
        _master.ActorOf(Props.Create(() => new Relay(_received.Ref)), "other");
        _address = ((ExtendedActorSystem)_master).Provider.DefaultAddress.ToString();

        // The peer has the pinned certificate but Akka's own JSON serializer and no untrusted mode.
        var peerConfig = ConfigurationFactory.ParseString("""
            akka.actor.serializers.json = "Akka.Serialization.NewtonSoftJsonSerializer, Akka"
            akka.remote.untrusted-mode = off
            """).WithFallback(ControlPlaneConfig.Create(new ControlPlaneSettings("127.0.0.1", 0, TimeSpan.FromSeconds(1)), 0, []));
        _peer = ActorSystem.Create("peer", BootstrapSetup.Create().WithConfig(peerConfig).And(_credentials.SslSetup()));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_peer.Terminate(), _master.Terminate()).WaitAsync(TimeSpan.FromSeconds(20));
        _credentials.Dispose();
    }

    [Fact]
    public void ControlMessage_ToTheTrustedPath_Arrives()
    {
        Master.Tell(new WorkerDraining(1));

        Assert.Equal(new WorkerDraining(1), _received.ExpectMsg<WorkerDraining>(s_wait));
    }

    [Fact]
    public void PoisonPillAndKill_FromThePeer_AreDropped()
    {
        Master.Tell(PoisonPill.Instance);
        Master.Tell(Kill.Instance);
        Master.Tell(new WorkerDraining(2));

        _received.ExpectMsg<WorkerDraining>(s_wait);
        Master.Tell(new WorkerDraining(3));
        Assert.Equal(new WorkerDraining(3), _received.ExpectMsg<WorkerDraining>(s_wait));
    }

    [Fact]
    public void JsonMessage_FromThePeer_IsNotDeserialized()
    {
        Master.Tell(new Forged("type names on the wire"));
        Master.Tell(new WorkerDraining(4));

        Assert.Equal(new WorkerDraining(4), _received.ExpectMsg<WorkerDraining>(s_wait));
        _received.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Selection_ToAnUntrustedPath_IsDropped()
    {
        _peer.ActorSelection($"{_address}/user/other").Tell(new WorkerDraining(5));
        Master.Tell(new WorkerDraining(6));

        Assert.Equal(new WorkerDraining(6), _received.ExpectMsg<WorkerDraining>(s_wait));
        _received.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void RemoteDeployment_FromThePeer_CreatesNothing()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"sticky-deploy-{Guid.NewGuid():N}");
        var scope = new Deploy(new RemoteScope(Address.Parse(_address)));

        _peer.ActorOf(Props.Create(() => new Payload(marker)).WithDeploy(scope), "payload");
        _peer.ActorOf(Props.Create<Payload>().WithDeploy(scope), "payload-without-arguments");
        Master.Tell(new WorkerDraining(7));

        _received.ExpectMsg<WorkerDraining>(s_wait);
        Thread.Sleep(300);
        Assert.False(File.Exists(marker), "the remote-deployed actor ran in the master");
        Assert.False(File.Exists(Payload.DefaultMarker), "the remote-deployed actor ran in the master");
    }

    private ActorSelection Master => _peer.ActorSelection($"{_address}/user/{ControlPlaneConfig.MasterActorName}");

    public sealed record Forged(string Text);

    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef to) => ReceiveAny(to.Forward);
    }

    private sealed class Payload : ActorBase
    {
        public static readonly string DefaultMarker = Path.Combine(Path.GetTempPath(), "sticky-deploy-default-marker");

        public Payload()
            : this(DefaultMarker)
        {
        }

        public Payload(string marker) => File.WriteAllText(marker, "ran");

        protected override bool Receive(object message) => true;
    }
}
