using Microsoft.Extensions.Logging;

namespace StickyActors.Master;

internal static partial class ClusterHostingLog
{
    [LoggerMessage(8101, LogLevel.Information, "Cluster member {Address} forwards on {ForwardEndPoint} (seeds: {Seeds}); it joins once its workers run")]
    public static partial void Member(ILogger logger, string address, string forwardEndPoint, string seeds);

    [LoggerMessage(8102, LogLevel.Information, "Cluster member {Address} joining (workers running)")]
    public static partial void Joining(ILogger logger, string address);

    [LoggerMessage(8103, LogLevel.Critical, "This host was removed from the cluster ({Address}): the master stops so that no client is served by two hosts; restart it to rejoin")]
    public static partial void Removed(ILogger logger, string address);

    [LoggerMessage(8104, LogLevel.Warning, "Leaving the cluster took more than {Seconds} s: stopping without a clean leave (the other hosts' failure detector and split brain resolver will remove this host)")]
    public static partial void LeaveTimedOut(ILogger logger, double seconds);

    [LoggerMessage(8105, LogLevel.Error, "Not Up in the cluster {Seconds} s after joining (seed nodes unreachable, or refusing this host's certificate): accepting anyway; until it is Up this host serves every client itself")]
    public static partial void JoinTimedOut(ILogger logger, double seconds);

    [LoggerMessage(8106, LogLevel.Information, "Waiting up to {Seconds} s for {Count} connection(s) forwarded to other hosts to end (their owners still serve them)")]
    public static partial void WaitingForForwarded(ILogger logger, double seconds, long count);

    [LoggerMessage(8107, LogLevel.Warning, "{Count} connection(s) forwarded to other hosts still open when the shutdown timeout ended: closed (their clients reconnect and reach their owners directly or through another host)")]
    public static partial void ForwardedCut(ILogger logger, long count);
}
