using Akka.Actor;

namespace StickyActors.Routing;

/// <summary>Slots added and removed at run time: homes change as little as the balance needs.</summary>
internal sealed partial class RoutingActor
{
    private void ResizeBehaviour()
    {
        Receive<AddSlot>(OnAddSlot);
        Receive<RemoveSlot>(OnRemoveSlot);
    }

    private void OnAddSlot(AddSlot add)
    {
        if (add.WorkerId != _table.Workers)
        {
            return;
        }

        var rehomed = _table.AddSlot();
        _channels[add.WorkerId] = null;
        _generations[add.WorkerId] = 0;
        _open[add.WorkerId] = null;
        _reportedAt[add.WorkerId] = 0;

        // As at a cold start: its home buckets that nobody serves wait for its first worker, up to the startup timeout.
        Timers.StartSingleTimer(HoldTimer(add.WorkerId), new HoldExpired(add.WorkerId), _startupHold);
        Announce(BucketTable.Unowned, add.WorkerId, 0, "slot added");
        Publish();
        Sender.Tell(new SlotAdded(add.WorkerId, rehomed.Count));
    }

    private void OnRemoveSlot(RemoveSlot remove)
    {
        if (remove.WorkerId != _table.Workers - 1 || _table.Workers <= 1)
        {
            return;
        }

        var before = _table.SnapshotHomes();
        var moved = _table.RemoveSlot();
        var rehomed = before.Where((home, bucket) => home != _table.HomeOf(bucket)).Count();
        Timers.Cancel(HoldTimer(remove.WorkerId));
        _channels[remove.WorkerId] = null;
        _generations[remove.WorkerId] = 0;
        _open[remove.WorkerId] = null;
        Announce(remove.WorkerId, BucketTable.Unowned, moved.Count, "slot removed");
        Publish();
        Sender.Tell(new SlotRemoved(remove.WorkerId, rehomed, moved.Count));
    }
}
