using System.Net.Sockets;

/// <summary>The Chat sample's log messages.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(1, LogLevel.Information, "Chat relay of group {Group}: worker {Self} of {Count} listening")]
    public static partial void RelayListening(ILogger logger, string group, int self, int count);

    [LoggerMessage(2, LogLevel.Debug, "Chat relay: worker {Peer} unreachable ({Error}); it misses this message")]
    public static partial void PeerUnreachable(ILogger logger, int peer, SocketError error);

    [LoggerMessage(3, LogLevel.Warning, "Chat relay: dropped a malformed datagram ({Reason})")]
    public static partial void BadDatagram(ILogger logger, string reason);
}
