using Akka.Actor;
using Akka.Actor.Scheduler;
using Akka.Dispatch;

namespace StickyActors.ControlPlane;

/// <summary>A scheduled <c>Tell</c>, wrapped for local actors the way Akka's own scheduler wraps it.</summary>
internal sealed class ScheduledTell(ICanTell receiver, object message, IActorRef sender) : IRunnable
{
    private readonly object _message = receiver is ActorRefWithCell
        ? new ScheduledTellMessage(message)
        : message;

    public void Run() => receiver.Tell(_message, sender);

    public void Execute() => Run();

    public override string ToString() => $"[{receiver}.Tell({_message}, {sender})]";

    /// <summary>Marks a message as sent by the scheduler; the actor cell unwraps it before the actor sees it.</summary>
    private sealed class ScheduledTellMessage(object message) : IScheduledTellMsg
    {
        public object Message => message;
    }
}
