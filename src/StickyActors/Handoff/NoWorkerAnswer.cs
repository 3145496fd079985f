using System.Net.Sockets;
using System.Text;

namespace StickyActors.Handoff;

/// <summary>
/// Gives up a connection that found no worker: when the listener speaks HTTP
/// (<c>listen.protocol = http</c>) or the master has read an HTTP request head from it (an HTTP
/// affinity key), it is answered <c>503 Service Unavailable</c> with <c>Retry-After</c>; any other is
/// closed. Never blocks: what the client sent is read as far as it is there, the answer goes into an
/// empty send buffer, and the socket lingers (reading, bounded in time and count) so that the close
/// does not reset the connection before the client read the answer.
/// </summary>
internal static class NoWorkerAnswer
{
    /// <summary>Answered sockets lingering at once; past this, the close is immediate.</summary>
    private const int MaxLingering = 256;

    private static readonly TimeSpan s_linger = TimeSpan.FromSeconds(2);
    private static readonly byte[][] s_methods = [.. new[] { "GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE " }.Select(Encoding.ASCII.GetBytes)];
    private static int s_lingering;

    /// <summary>Answers (when it can) and closes <paramref name="connection"/>; ownership ends here.</summary>
    public static void GiveUp(AcceptedConnection connection, TimeSpan retryAfter, bool http = false)
    {
        if (!http && !IsHttpRequestHead(connection.Preamble.Span))
        {
            connection.Close();
            return;
        }

        var fd = connection.Descriptor.Detach();
        if (fd < 0)
        {
            return;
        }

        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        try
        {
            socket.Blocking = false;
            Discard(socket);
            socket.Send(Response(retryAfter), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The client is gone or its buffer is full: closing is all that is left.
            socket.Dispose();
            return;
        }

        if (Interlocked.Increment(ref s_lingering) > MaxLingering)
        {
            Interlocked.Decrement(ref s_lingering);
            socket.Dispose();
            return;
        }

        _ = LingerAsync(socket);
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

    /// <summary>Reads what the client has sent so far without waiting.</summary>
    private static void Discard(Socket socket)
    {
        Span<byte> sink = stackalloc byte[1024];
        for (var i = 0; i < 64 && socket.Available > 0; i++)
        {
            if (socket.Receive(sink, SocketFlags.None, out var error) <= 0 || error != SocketError.Success)
            {
                return;
            }
        }
    }

    /// <summary>Reads and drops what the client still sends until it closes, or at most <see cref="s_linger"/>.</summary>
    private static async Task LingerAsync(Socket socket)
    {
        var sink = new byte[1024];
        try
        {
            using var timeout = new CancellationTokenSource(s_linger);
            while (await socket.ReceiveAsync(sink, SocketFlags.None, timeout.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Gone, or lingered long enough.
        }
        finally
        {
            Interlocked.Decrement(ref s_lingering);
            socket.Dispose();
        }
    }
}
