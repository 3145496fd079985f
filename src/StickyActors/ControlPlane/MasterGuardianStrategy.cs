using Akka.Actor;

namespace StickyActors.ControlPlane;

/// <summary>
/// How the user guardian supervises the master actor. A failed handler must not restart it: a
/// restart would run <c>PostStop</c> (closing the listener and stopping the accept threads) and a
/// new constructor on a closed listener, leaving a process that serves nothing. So a handler's
/// exception only drops that message (Resume, state kept); a master that cannot be built is
/// stopped, and <see cref="Master.MasterWatchdog"/> then ends the process with a non-zero code.
/// <see cref="Kill"/> is resumed too: Akka.NET does not mark it possibly harmful, so untrusted mode
/// lets a peer holding the certificate send it to the trusted path, and nothing local sends it.
/// The worker's control-plane system uses the same strategy for its control actor.
/// </summary>
internal sealed class MasterGuardianStrategy : SupervisorStrategyConfigurator
{
    public override SupervisorStrategy Create() => new OneForOneStrategy(Decide);

    internal static Directive Decide(Exception exception) => exception switch
    {
        ActorInitializationException or DeathPactException => Directive.Stop,
        _ => Directive.Resume,
    };
}
