using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using StickyActors.ControlPlane;

namespace StickyActors.Backplane;

/// <summary>
/// The backplane between the masters of a cluster, over Akka.Cluster.Tools' distributed
/// publish-subscribe: every master subscribes one relay actor to <see cref="Topic"/> and publishes
/// there. A master's own publications come back to its relay (a topic reaches every subscriber) and
/// are dropped there, by their sender. The cluster's actor system needs <see cref="Serialization"/>.
/// </summary>
internal sealed class DistributedPubSubBus : IBackplaneBus
{
    public const string Topic = "sticky-actors-backplane";

    private readonly IActorRef _relay;

    /// <param name="system">The cluster's actor system (this host is a member, or joins).</param>
    /// <param name="name">The relay actor's name, unique in <paramref name="system"/>.</param>
    public DistributedPubSubBus(ActorSystem system, string name = "sticky-backplane")
    {
        _relay = system.ActorOf(Props.Create(() => new Relay()), name);
    }

    /// <summary>Binds the backplane messages to <see cref="ControlMessageSerializer"/> (the same binary format as on the control plane).</summary>
    public static Config Serialization { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.sticky-control = "{{typeof(ControlMessageSerializer).AssemblyQualifiedName}}"
          serialization-bindings {
            "{{typeof(IBackplaneMessage).AssemblyQualifiedName}}" = sticky-control
          }
        }
        """);

    public void Publish(IBackplaneMessage message) => _relay.Tell(new Outgoing(message));

    public IDisposable Subscribe(Action<IBackplaneMessage> received)
    {
        var receiver = new Receiver(received);
        _relay.Tell(receiver);
        return new Unsubscriber(_relay, receiver);
    }

    private sealed record Outgoing(IBackplaneMessage Message);

    private sealed record Receiver(Action<IBackplaneMessage> Received);

    private sealed record Unsubscribe(Receiver Receiver);

    private sealed class Unsubscriber(IActorRef relay, Receiver receiver) : IDisposable
    {
        public void Dispose() => relay.Tell(new Unsubscribe(receiver));
    }

    /// <summary>Subscribed to the topic; publishes as itself, so its own publications are known by their sender.</summary>
    private sealed class Relay : ReceiveActor
    {
        private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;
        private Receiver? _receiver;

        public Relay()
        {
            Receive<Outgoing>(outgoing => _mediator.Tell(new Publish(Topic, outgoing.Message), Self));
            Receive<Receiver>(receiver => _receiver = receiver);
            Receive<Unsubscribe>(unsubscribe =>
            {
                if (ReferenceEquals(_receiver, unsubscribe.Receiver))
                {
                    _receiver = null;
                }
            });
            Receive<SubscribeAck>(_ => { });
            Receive<IBackplaneMessage>(_ => !Sender.Equals(Self), message => _receiver?.Received(message));
            Receive<IBackplaneMessage>(_ => { });
        }

        protected override void PreStart() => _mediator.Tell(new Subscribe(Topic, Self));
    }
}
