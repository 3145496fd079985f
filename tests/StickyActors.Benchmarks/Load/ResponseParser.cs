using System.Buffers.Text;

namespace StickyActors.Benchmarks.Load;

/// <summary>
/// Finds where one HTTP/1.1 response ends in the bytes received so far, with Content-Length or
/// chunked framing, without allocating. Enough for the benchmark app's short responses.
/// </summary>
internal static class ResponseParser
{
    /// <summary>
    /// The length of the complete response at the start of <paramref name="buffer"/>, or 0 while more
    /// bytes are needed. <paramref name="ok"/> says whether the status was 200.
    /// </summary>
    public static int CompleteLength(ReadOnlySpan<byte> buffer, out bool ok)
    {
        ok = buffer.StartsWith("HTTP/1.1 200 "u8);
        var headerEnd = buffer.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            return 0;
        }

        var headers = buffer[..(headerEnd + 2)];
        var bodyStart = headerEnd + 4;
        var at = headers.IndexOf("\r\nContent-Length: "u8);
        if (at >= 0)
        {
            var value = headers[(at + 18)..];
            if (!Utf8Parser.TryParse(value, out int length, out _))
            {
                ok = false;
                return bodyStart;
            }

            return buffer.Length >= bodyStart + length ? bodyStart + length : 0;
        }

        if (headers.IndexOf("\r\nTransfer-Encoding: chunked\r\n"u8) < 0)
        {
            return bodyStart;
        }

        var body = buffer[bodyStart..];
        if (body.StartsWith("0\r\n\r\n"u8))
        {
            return bodyStart + 5;
        }

        var last = body.IndexOf("\r\n0\r\n\r\n"u8);
        return last < 0 ? 0 : bodyStart + last + 7;
    }
}
