using Akka.Actor;
using Microsoft.Extensions.Logging;
using StickyActors.ControlPlane;
using StickyActors.Logging;

namespace StickyActors.Backplane;

/// <summary>
/// The master's fan-out of the backplane (a child of the master actor). What a registered worker
/// publishes goes to every other worker of this host and to the <see cref="IBackplaneBus"/>; what the
/// bus brings from another host goes to every worker here. It reads no message: it only checks that a
/// publication comes from the worker actor that joined for that worker id (which, in turn, took it
/// only from its own registered worker process).
/// </summary>
internal sealed class BackplaneActor : ReceiveActor
{
    private readonly IBackplaneBus _bus;
    private readonly ILogger _log = ActorLogging.Logger(Context, ActorLogging.MasterCategory);
    private readonly Dictionary<int, IActorRef> _workers = [];
    private IDisposable? _subscription;

    public BackplaneActor(IBackplaneBus bus)
    {
        _bus = bus;
        Receive<BackplaneJoin>(_ => IsLocal(), join =>
        {
            _workers[join.WorkerId] = Sender;
            Context.Watch(Sender);
        });
        Receive<Terminated>(terminated =>
        {
            foreach (var (id, worker) in _workers.Where(w => w.Value.Equals(terminated.ActorRef)).ToList())
            {
                _workers.Remove(id);
            }
        });
        Receive<BackplaneFromWorker>(IsJoinedWorker, OnPublished);
        Receive<BackplaneFromHost>(_ => IsLocal(), fromHost => DeliverExcept(-1, fromHost.Message));
        ReceiveAny(message => BackplaneLog.NotFromAWorker(_log, message.GetType().Name, Sender.Path));
    }

    public static Props Props(IBackplaneBus bus) => Akka.Actor.Props.Create(() => new BackplaneActor(bus));

    protected override void PreStart()
    {
        var self = Self;
        _subscription = _bus.Subscribe(message => self.Tell(new BackplaneFromHost(message), ActorRefs.NoSender));
    }

    protected override void PostStop() => _subscription?.Dispose();

    private void OnPublished(BackplaneFromWorker published)
    {
        DeliverExcept(published.WorkerId, published.Message);
        try
        {
            _bus.Publish(published.Message);
        }
        catch (Exception e)
        {
            BackplaneLog.BusPublishFailed(_log, published.Message.GetType().Name, e);
        }
    }

    private void DeliverExcept(int origin, IBackplaneMessage message)
    {
        var delivery = new BackplaneDelivery(message);
        foreach (var (id, worker) in _workers)
        {
            if (id != origin)
            {
                worker.Tell(delivery, Self);
            }
        }
    }

    private bool IsLocal() => Sender.Path.Address.HasLocalScope;

    private bool IsJoinedWorker(BackplaneFromWorker published) =>
        IsLocal() && _workers.TryGetValue(published.WorkerId, out var worker) && worker.Equals(Sender);
}
