using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace StickyActors.EchoApp;

/// <summary>
/// A connection handler in place of HTTP: reads each request as raw bytes (the head up to the blank
/// line, then <c>Content-Length</c> bytes of body) and answers <c>200</c> with exactly those bytes as
/// the body, plus which worker read them and whether Nagle is off on its socket. Pipelined requests are answered one by one, in order; the
/// connection stays open until the client closes it or sends <c>Connection: close</c>.
/// </summary>
internal sealed class RawEcho(int workerId)
{
    private static readonly byte[] s_endOfHead = "\r\n\r\n"u8.ToArray();
    private readonly string _identity = $"X-Worker-Id: {workerId}\r\nX-Worker-Pid: {Environment.ProcessId}\r\n";

    public async Task RunAsync(ConnectionContext connection)
    {
        // Whether Nagle is off on the served socket, as Kestrel's own transport sets it.
        var noDelay = connection.Features.Get<IConnectionSocketFeature>()?.Socket.NoDelay;
        var identity = $"{_identity}X-No-Delay: {noDelay?.ToString() ?? "unknown"}\r\n";
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var close = false;
            while (TryReadRequest(ref buffer, out var request))
            {
                consumed = buffer.Start;
                close = await AnswerAsync(output, request, identity);
                if (close)
                {
                    break;
                }
            }

            input.AdvanceTo(consumed, buffer.End);
            if (close || result.IsCompleted)
            {
                break;
            }
        }

        await output.CompleteAsync();
    }

    private static bool TryReadRequest(ref ReadOnlySequence<byte> buffer, out byte[] request)
    {
        request = [];
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, s_endOfHead))
        {
            return false;
        }

        var headLength = head.Length + s_endOfHead.Length;
        var bodyLength = ContentLength(Encoding.Latin1.GetString(head));
        if (buffer.Length < headLength + bodyLength)
        {
            return false;
        }

        request = buffer.Slice(0, headLength + bodyLength).ToArray();
        buffer = buffer.Slice(headLength + bodyLength);
        return true;
    }

    private static long ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static async Task<bool> AnswerAsync(PipeWriter output, byte[] request, string identity)
    {
        var close = Encoding.Latin1.GetString(request).Contains("\r\nConnection: close\r\n", StringComparison.OrdinalIgnoreCase);
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {request.Length}\r\n{identity}{(close ? "Connection: close\r\n" : string.Empty)}\r\n";
        await output.WriteAsync(Encoding.ASCII.GetBytes(head));
        await output.WriteAsync(request);
        return close;
    }
}
