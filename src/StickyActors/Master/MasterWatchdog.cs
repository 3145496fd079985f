using Akka.Actor;

namespace StickyActors.Master;

/// <summary>Watches the master actor and calls <c>lost</c> if it ever stops (the host then exits non-zero).</summary>
internal sealed class MasterWatchdog : ReceiveActor
{
    public MasterWatchdog(IActorRef master, Action lost)
    {
        Context.Watch(master);
        Receive<Terminated>(t => t.ActorRef.Equals(master), _ => lost());
    }

    public static Props Props(IActorRef master, Action lost) => Akka.Actor.Props.Create(() => new MasterWatchdog(master, lost));
}
