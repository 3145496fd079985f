using StickyActors.Configuration;

namespace StickyActors.Listening.Steering;

/// <summary>Whether the kernel can steer connections for these settings, and why not.</summary>
internal static class SteeringChoice
{
    /// <summary>Null when kernel steering fits the settings, else the reason it does not.</summary>
    public static string? Obstacle(StickyActorsSettings settings)
    {
        if (settings.Cluster.Enabled)
        {
            return "cluster forwarding needs the master to see every connection";
        }

        if (!OperatingSystem.IsLinux())
        {
            return "SO_ATTACH_REUSEPORT_CBPF is Linux only";
        }

        if (settings.Affinity.Key is not (AffinityKeySource.ClientIp or AffinityKeySource.IpPrefix))
        {
            return $"affinity.key = {settings.Affinity.Key} needs the request's bytes";
        }

        if (settings.Affinity.ProxyProtocol != ProxyProtocolMode.Off)
        {
            return "PROXY protocol needs the connection's first bytes";
        }

        if (settings.Routing.Buckets > SteeringProgram.MaxBuckets)
        {
            return $"routing.buckets above {SteeringProgram.MaxBuckets}";
        }

        return null;
    }
}
