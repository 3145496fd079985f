using Microsoft.Extensions.Logging;

namespace StickyActors.Cluster;

internal static partial class ClusterLog
{
    [LoggerMessage(8001, LogLevel.Information, "Host {Host} joined: {Owned} of {Buckets} buckets now owned by it (host table version {Version}, {Hosts} hosts)")]
    public static partial void HostJoined(ILogger logger, string host, int owned, int buckets, long version, int hosts);

    [LoggerMessage(8002, LogLevel.Information, "Host {Host} left: its {Owned} of {Buckets} buckets redistributed (host table version {Version}, {Hosts} hosts)")]
    public static partial void HostLeft(ILogger logger, string host, int owned, int buckets, long version, int hosts);

    [LoggerMessage(8003, LogLevel.Warning, "Host {Host} is unreachable from here: its buckets go to the reachable hosts until it is reachable again or downed")]
    public static partial void Unreachable(ILogger logger, string host);

    [LoggerMessage(8004, LogLevel.Warning, "Host {Host} is reachable again")]
    public static partial void Reachable(ILogger logger, string host);

    [LoggerMessage(8005, LogLevel.Warning, "Host {Host} was downed (the split brain resolver decides with strategy {Strategy}; or an operator downed it)")]
    public static partial void Downed(ILogger logger, string host, string strategy);

    [LoggerMessage(8006, LogLevel.Error, "Host {Host} is excluded from routing: its roles ({Roles}) do not match this host's routing.buckets = {Buckets} and routing.hash-seed = {Seed}; every host must share them")]
    public static partial void Mismatch(ILogger logger, string host, string roles, int buckets, ulong seed);

    [LoggerMessage(8011, LogLevel.Information, "This host left the cluster (its own leave, before it stops)")]
    public static partial void SelfLeft(ILogger logger);

    [LoggerMessage(8007, LogLevel.Error, "This host was {How} from the cluster (split brain resolver strategy {Strategy}): it stops serving")]
    public static partial void SelfDowned(ILogger logger, string how, string strategy);

    [LoggerMessage(8008, LogLevel.Information, "Cluster system {Address} started ({Security}), roles {Roles}, seed nodes [{Seeds}]")]
    public static partial void Started(ILogger logger, string address, string security, string roles, string seeds);

    [LoggerMessage(8009, LogLevel.Debug, "Host table version {Version}: {Owners}")]
    public static partial void TablePublished(ILogger logger, long version, string owners);

    [LoggerMessage(8010, LogLevel.Error, "A membership callback ({Callback}) failed for {Host}")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string callback, string host);
}
