using System.Net.Sockets;
using System.Text;

namespace StickyActors.Handoff;

/// <summary>
/// Gives up a connection that found no worker: a client whose HTTP request head the master has
/// read (an HTTP affinity key) is answered <c>503 Service Unavailable</c> with <c>Retry-After</c>;
/// any other is closed. Never blocks: the answer goes into an empty send buffer or not at all.
/// </summary>
internal static class NoWorkerAnswer
{
    private static readonly byte[][] s_methods = [.. new[] { "GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE " }.Select(Encoding.ASCII.GetBytes)];

    /// <summary>Answers (when it can) and closes <paramref name="connection"/>; ownership ends here.</summary>
    public static void GiveUp(AcceptedConnection connection, TimeSpan retryAfter)
    {
        if (!IsHttpRequestHead(connection.Preamble.Span))
        {
            connection.Close();
            return;
        }

        using var socket = new Socket(new SafeSocketHandle(connection.Fd, ownsHandle: true));
        try
        {
            socket.Blocking = false;
            socket.Send(Response(retryAfter), SocketFlags.None);
        }
        catch (SocketException)
        {
            // The client is gone or its buffer is full: closing is all that is left.
        }
    }

    public static bool IsHttpRequestHead(ReadOnlySpan<byte> preamble)
    {
        foreach (var method in s_methods)
        {
            if (preamble.StartsWith(method))
            {
                return true;
            }
        }

        return false;
    }

    public static byte[] Response(TimeSpan retryAfter) => Encoding.ASCII.GetBytes(
        "HTTP/1.1 503 Service Unavailable\r\n"
        + $"Retry-After: {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))}\r\n"
        + "Content-Type: text/plain\r\nContent-Length: 20\r\nConnection: close\r\n\r\n"
        + "no worker available\n");
}
