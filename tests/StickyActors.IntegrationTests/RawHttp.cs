using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Raw HTTP/1.1 over one connection: send bytes in chosen pieces, read every response until the
/// server closes, split them by <c>Content-Length</c>.
/// </summary>
internal static class RawHttp
{
    /// <summary>One response: its head (status line and headers) and its body bytes.</summary>
    internal sealed record Response(string Head, byte[] Body)
    {
        public int Status => int.Parse(Head.AsSpan(9, 3), CultureInfo.InvariantCulture);

        public string? Header(string name) =>
            Head.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();
    }

    /// <summary>
    /// Connects from <paramref name="source"/>, sends each piece in its own write (with a short pause
    /// after it when <paramref name="pause"/> is set, so pieces travel in separate segments), and
    /// returns the responses read until the server closes.
    /// </summary>
    public static async Task<IReadOnlyList<Response>> ExchangeAsync(IPAddress source, int port, IEnumerable<byte[]> pieces, bool pause = false)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel.Token);
        foreach (var piece in pieces)
        {
            await socket.SendAsync(piece, cancel.Token);
            if (pause)
            {
                await Task.Delay(2, cancel.Token);
            }
        }

        var received = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, cancel.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Split(received.ToArray());
    }

    /// <summary><paramref name="bytes"/> cut into pieces of 1 to 7 bytes.</summary>
    public static IEnumerable<byte[]> Dribble(byte[] bytes)
    {
        for (int offset = 0, size = 1; offset < bytes.Length; offset += size, size = (size % 7) + 1)
        {
            yield return bytes[offset..Math.Min(bytes.Length, offset + size)];
        }
    }

    private static List<Response> Split(byte[] stream)
    {
        var responses = new List<Response>();
        var offset = 0;
        while (offset < stream.Length)
        {
            var end = stream.AsSpan(offset).IndexOf("\r\n\r\n"u8);
            Assert.True(end >= 0, $"incomplete response head: {Encoding.Latin1.GetString(stream, offset, stream.Length - offset)}");
            var head = Encoding.Latin1.GetString(stream, offset, end);
            var response = new Response(head, []);
            var length = int.Parse(response.Header("Content-Length") ?? "0", CultureInfo.InvariantCulture);
            var bodyStart = offset + end + 4;
            Assert.True(bodyStart + length <= stream.Length, $"response body cut short: {head}");
            responses.Add(response with { Body = stream[bodyStart..(bodyStart + length)] });
            offset = bodyStart + length;
        }

        return responses;
    }
}
