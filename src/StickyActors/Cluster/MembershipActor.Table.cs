using Akka.Cluster;
using StickyActors.Routing;

namespace StickyActors.Cluster;

/// <summary>The owner set, the table computed from it, and the view of it.</summary>
internal sealed partial class MembershipActor
{
    private HostEntry[] _owners = [];
    private long _version;

    private void Recompute()
    {
        var owners = _members.Values
            .Where(IsOwner)
            .Select(m => new HostEntry(m.Member.Address.ToString(), m.Identity!.ForwardEndPoint, m.Identity.Weight, m.Member.Address == _cluster.SelfAddress))
            .OrderBy(h => h.Id, StringComparer.Ordinal)
            .ToArray();
        if (owners.SequenceEqual(_owners))
        {
            return;
        }

        var before = _holder.Current;
        _owners = owners;
        _version++;
        var table = owners.Length == 0 ? HostTable.Local : HostRendezvous.Compute(owners, _self.Buckets, _version);
        _holder.Publish(table);
        LogMoves(before, table);
    }

    private bool IsOwner(MemberState state)
    {
        if (state.Member.Status != MemberStatus.Up || !state.Reachable || !state.Member.Roles.Contains(HostIdentity.MemberRole) || !IsActive(state.Member.Address))
        {
            return false;
        }

        if (state.Identity is { } identity && _self.RoutesLike(identity))
        {
            return true;
        }

        if (_mismatchLogged.Add(state.Member.Address))
        {
            ClusterLog.Mismatch(_log, state.Member.Address.ToString(), string.Join(", ", state.Member.Roles), _self.Buckets, _self.HashSeed);
        }

        return false;
    }

    private void LogMoves(HostTable before, HostTable after)
    {
        var beforeCounts = Counts(before);
        var afterCounts = Counts(after);
        foreach (var (host, owned) in afterCounts.Where(a => !beforeCounts.ContainsKey(a.Key)))
        {
            ClusterLog.HostJoined(_log, host, owned, _self.Buckets, after.Version, after.Hosts.Count);
        }

        foreach (var (host, owned) in beforeCounts.Where(b => !afterCounts.ContainsKey(b.Key)))
        {
            ClusterLog.HostLeft(_log, host, owned, _self.Buckets, after.Version, after.Hosts.Count);
        }

        ClusterLog.TablePublished(_log, after.Version, string.Join(", ", afterCounts.Select(c => $"{c.Key}: {c.Value}")));
    }

    private static Dictionary<string, int> Counts(HostTable table)
    {
        var counts = table.BucketCounts();
        return table.Hosts.Select((h, i) => (h.Id, counts[i])).ToDictionary(p => p.Id, p => p.Item2, StringComparer.Ordinal);
    }

    private ClusterView View()
    {
        var table = _holder.Current;
        var counts = Counts(table);
        var members = _members.Values
            .OrderBy(m => m.Member.Address.ToString(), StringComparer.Ordinal)
            .Select(m =>
            {
                var id = m.Member.Address.ToString();
                var excluded = m.Identity is { } identity && !_self.RoutesLike(identity) ? "routing.buckets or routing.hash-seed differ from this host's" : null;
                return new ClusterMemberView(
                    id,
                    m.Member.Status.ToString(),
                    m.Reachable,
                    m.Identity?.Weight ?? 0,
                    m.Identity?.ForwardEndPoint.ToString(),
                    counts.GetValueOrDefault(id),
                    m.Member.Address == _cluster.SelfAddress,
                    excluded);
            })
            .ToArray();
        return new ClusterView(_cluster.SelfAddress.ToString(), members, table);
    }
}
