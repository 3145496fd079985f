using Akka.Actor;

namespace StickyActors.Listening;

/// <summary>
/// How the user guardian supervises the master actor. A failed handler must not restart it: a
/// restart would run <c>PostStop</c> (closing the listener and stopping the accept threads) and a
/// new constructor on a closed listener, leaving a process that serves nothing. So a handler's
/// exception only drops that message (Resume, state kept); a master that cannot be built is
/// stopped, and <see cref="MasterWatchdog"/> then ends the process with a non-zero code.
/// </summary>
internal sealed class MasterGuardianStrategy : SupervisorStrategyConfigurator
{
    public override SupervisorStrategy Create() => new OneForOneStrategy(Decide);

    internal static Directive Decide(Exception exception) => exception switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Resume,
    };
}
