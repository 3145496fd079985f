using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace StickyActors.SignalR;

/// <summary>
/// The groups of this process's connections of one hub (group names are case-sensitive, as in
/// SignalR's default lifetime manager). Each connection remembers its groups in its
/// <see cref="HubConnectionContext.Items"/>, so it leaves them all when it disconnects.
/// </summary>
internal sealed class LocalGroups
{
    private static readonly object s_groupsKey = new();

    private readonly ConcurrentDictionary<string, HubConnectionStore> _groups = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The members of <paramref name="group"/> here, or null when none is.</summary>
    public HubConnectionStore? Members(string group) => _groups.GetValueOrDefault(group);

    public void Add(HubConnectionContext connection, string group)
    {
        lock (_lock)
        {
            _groups.GetOrAdd(group, _ => new HubConnectionStore()).Add(connection);
            NamesOf(connection).Add(group);
        }
    }

    public void Remove(HubConnectionContext connection, string group)
    {
        lock (_lock)
        {
            RemoveFromStore(connection, group);
            NamesOf(connection).Remove(group);
        }
    }

    /// <summary>Takes a disconnected connection out of every group it was in.</summary>
    public void RemoveConnection(HubConnectionContext connection)
    {
        lock (_lock)
        {
            foreach (var group in NamesOf(connection))
            {
                RemoveFromStore(connection, group);
            }

            connection.Items.Remove(s_groupsKey);
        }
    }

    private static HashSet<string> NamesOf(HubConnectionContext connection)
    {
        if (connection.Items.TryGetValue(s_groupsKey, out var names) && names is HashSet<string> set)
        {
            return set;
        }

        var created = new HashSet<string>(StringComparer.Ordinal);
        connection.Items[s_groupsKey] = created;
        return created;
    }

    private void RemoveFromStore(HubConnectionContext connection, string group)
    {
        if (_groups.TryGetValue(group, out var store))
        {
            store.Remove(connection);
            if (store.Count == 0)
            {
                _groups.TryRemove(group, out _);
            }
        }
    }
}
