using Akka.Actor;
using StickyActors.ControlPlane;
using StickyActors.Routing;

namespace StickyActors.Supervision;

/// <summary>
/// With <c>affinity.key = bucket-cookie</c>, a running worker is told which buckets it owns whenever
/// the published table changes that set, so that its affinity cookies name buckets it serves.
/// Only the registered control actor of this launch is told.
/// </summary>
internal sealed partial class WorkerActor
{
    private Action<RoutingSnapshot>? _onPublished;
    private int[]? _ownedSent;

    private void StartOwnedBucketsFeed()
    {
        if (_context.OwnedBuckets is not { } feed || _onPublished is not null)
        {
            return;
        }

        var self = Self;
        _onPublished = table => self.Tell(new OwnedBucketsChanged(table));
        feed.Table.Published += _onPublished;
        SendOwnedBuckets(feed.Table.Current);
    }

    private void StopOwnedBucketsFeed()
    {
        if (_context.OwnedBuckets is { } feed && _onPublished is not null)
        {
            feed.Table.Published -= _onPublished;
            _onPublished = null;
        }
    }

    private void SendOwnedBuckets(RoutingSnapshot table)
    {
        if (_context.OwnedBuckets is not { } feed || _control is null || table != feed.Table.Current)
        {
            return;
        }

        var owned = new List<int>();
        for (var bucket = 0; bucket < table.Buckets; bucket++)
        {
            if (table.OwnerOf(bucket) == _id)
            {
                owned.Add(bucket);
            }
        }

        if (_ownedSent is not null && _ownedSent.AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(owned)))
        {
            return;
        }

        _ownedSent = [.. owned];
        _control.Tell(new WorkerBucketsOwned(_id, feed.CookieName, feed.CookieLifetime, table.Buckets, feed.CookieKey, _ownedSent));
    }

    /// <summary>The routing table was published anew (raised on the routing actor's thread).</summary>
    private sealed record OwnedBucketsChanged(RoutingSnapshot Table);
}
