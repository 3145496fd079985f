using System.Net;

namespace StickyActors.IntegrationTests;

/// <summary>One host of a <see cref="HostGroup"/>: a Hello master with its own loopback address.</summary>
internal sealed record ClusterHost(int Index, IPAddress Address, HelloCluster Master, string ClusterAddress, IPEndPoint Forward)
{
    public IPEndPoint Public => new(Address, Master.Port);

    public int Pid => Master.MasterPid;

    public override string ToString() => $"host {Index} ({Address}, pid {Pid})";
}
