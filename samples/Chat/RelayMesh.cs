using System.Net.Sockets;

/// <summary>
/// The addresses of one chat cluster's relay: worker <c>id</c> of group <c>G</c> listens on the
/// abstract Unix socket <c>@stickyactors-chat/G/id</c>.
/// </summary>
/// <param name="Group">Names the cluster, so two clusters on one machine never cross.</param>
/// <param name="Self">This worker's id.</param>
/// <param name="Count">How many workers the cluster has (ids 0 to count − 1).</param>
internal sealed record RelayMesh(string Group, int Self, int Count)
{
    /// <summary>The variable the group is passed in. The master sets it; its workers inherit it.</summary>
    public const string GroupVariable = "CHAT_RELAY_GROUP";

    /// <summary>
    /// The relay group from the environment. The first process of a cluster (the master) finds none
    /// and names one after its pid; the workers it launches inherit that value.
    /// </summary>
    public static string GroupFromEnvironment()
    {
        var group = Environment.GetEnvironmentVariable(GroupVariable);
        if (string.IsNullOrEmpty(group))
        {
            group = $"pid-{Environment.ProcessId}";
            Environment.SetEnvironmentVariable(GroupVariable, group);
        }

        return group;
    }

    /// <summary>The address worker <paramref name="id"/> receives on ('\0' = Linux abstract namespace).</summary>
    public UnixDomainSocketEndPoint EndPointOf(int id) => new($"\0stickyactors-chat/{Group}/{id}");

    /// <summary>Every worker id but this one.</summary>
    public IEnumerable<int> Peers => Enumerable.Range(0, Count).Where(id => id != Self);
}
