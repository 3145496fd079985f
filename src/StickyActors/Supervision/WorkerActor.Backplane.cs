using StickyActors.Backplane;
using StickyActors.ControlPlane;

namespace StickyActors.Supervision;

/// <summary>
/// The worker actor's part of the backplane: once its process registered, it joins the master's
/// backplane actor, passes on what the process publishes (only from its registered control actor)
/// and hands the process what the others published. A draining worker still serves its open
/// connections, so it stays in until the actor stops.
/// </summary>
internal sealed partial class WorkerActor
{
    private void JoinBackplane() => _context.Backplane.Tell(new BackplaneJoin(_id), Self);

    /// <param name="joined">Whether the process registered (running or draining); before that everything is refused.</param>
    private void BackplaneBehaviour(bool joined)
    {
        if (!joined)
        {
            Receive<IBackplaneMessage>(message => Ignore(message.GetType().Name));
            Receive<BackplaneDelivery>(_ => { });
            return;
        }

        Receive<IBackplaneMessage>(
            _ => Sender.Equals(_control),
            message => _context.Backplane.Tell(new BackplaneFromWorker(_id, message), Self));
        Receive<IBackplaneMessage>(message => Ignore(message.GetType().Name));
        Receive<BackplaneDelivery>(_ => Sender.Equals(_context.Backplane), delivery => _control?.Tell(delivery.Message, Self));
    }
}
