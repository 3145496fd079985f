using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StickyActors.IntegrationTests;

/// <summary>One HTTP/1.1 keep-alive connection from a chosen source address, held across requests.</summary>
internal sealed class KeepAliveConnection : IDisposable
{
    private static readonly TimeSpan s_request = TimeSpan.FromSeconds(10);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly MemoryStream _pending = new();

    private KeepAliveConnection()
    {
    }

    public static Task<KeepAliveConnection> OpenAsync(IPAddress source, int port) =>
        OpenAsync(source, new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>Connects to <paramref name="target"/> (a host of a cluster on its own loopback address).</summary>
    public static async Task<KeepAliveConnection> OpenAsync(IPAddress source, IPEndPoint target)
    {
        var connection = new KeepAliveConnection();
        connection._socket.Bind(new IPEndPoint(source, 0));
        await connection._socket.ConnectAsync(target).WaitAsync(s_request);
        return connection;
    }

    /// <summary>Sends one GET (keep-alive) and reads its whole response.</summary>
    public async Task<HelloAnswer> GetAsync()
    {
        using var cancel = new CancellationTokenSource(s_request);
        await _socket.SendAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray(), cancel.Token);
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.ASCII.GetString(_pending.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                // Hello's answers are chunked (no Content-Length): then the last chunk ends the response.
                var length = text[..end].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)
                    ? LastChunkEnd(text, end + 4) - (end + 4)
                    : ContentLength(text[..end]);
                if (length >= 0 && text.Length >= end + 4 + length)
                {
                    var rest = _pending.ToArray()[(end + 4 + length)..];
                    _pending.SetLength(0);
                    _pending.Write(rest);
                    return HelloAnswer.Parse(text[..(end + 4 + length)]);
                }
            }

            var read = await _socket.ReceiveAsync(buffer, cancel.Token);
            if (read == 0)
            {
                throw new IOException("the server closed the keep-alive connection");
            }

            _pending.Write(buffer, 0, read);
        }
    }

    /// <summary>Waits for the server to close the connection: true for an orderly close (FIN), false for a reset.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        try
        {
            var read = await _socket.ReceiveAsync(new byte[256]).WaitAsync(timeout);
            Assert.True(read == 0, $"the server sent {read} unexpected bytes on an idle keep-alive connection");
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _pending.Dispose();
    }

    /// <summary>Where the chunked body starting at <paramref name="body"/> ends; -1 while incomplete.</summary>
    private static int LastChunkEnd(string text, int body)
    {
        var last = text.IndexOf("\r\n0\r\n\r\n", body, StringComparison.Ordinal);
        return last < 0 ? -1 : last + 7;
    }

    private static int ContentLength(string head)
    {
        var line = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return line is null ? 0 : int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
