using Microsoft.Extensions.Logging;

namespace StickyActors.Forwarding;

internal static partial class ForwardingLog
{
    [LoggerMessage(7001, LogLevel.Debug, "Forwarding relay started {Threads} thread(s)")]
    public static partial void ThreadsStarted(ILogger logger, int threads);

    [LoggerMessage(7002, LogLevel.Warning, "Refused an inbound forward connection from {Peer}: {Reason} ({Held} more refusal(s) held back in the last second)")]
    public static partial void InboundRejected(ILogger logger, string peer, ForwardRejection reason, long held);

    [LoggerMessage(7003, LogLevel.Warning, "Forwarding a client of bucket {Bucket} to {Owner} at {EndPoint} failed at {Stage} (errno {Errno}); it is served here ({Held} more failure(s) held back in the last second)")]
    public static partial void ForwardFailed(ILogger logger, int bucket, string owner, string endPoint, ForwardStage stage, int errno, long held);

    [LoggerMessage(7004, LogLevel.Error, "A forwarding relay thread's callback failed; that connection was closed")]
    public static partial void CallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(7005, LogLevel.Error, "The forward listener's accept(2) failed with errno {Errno}")]
    public static partial void AcceptFailed(ILogger logger, int errno);

    [LoggerMessage(7006, LogLevel.Error, "epoll_wait(2) failed with errno {Errno} on forwarding relay thread {Thread}; the thread stops")]
    public static partial void EpollFailed(ILogger logger, int errno, int thread);

    [LoggerMessage(7007, LogLevel.Information, "Closed {Pairs} forwarded connection(s) to {Owner}, which left the cluster")]
    public static partial void ClosedPairsTo(ILogger logger, int pairs, string owner);

    [LoggerMessage(7008, LogLevel.Debug, "Forward listener accepting on {EndPoint}")]
    public static partial void ListenerStarted(ILogger logger, string endPoint);
}
