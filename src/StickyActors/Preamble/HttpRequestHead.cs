using System.Buffers;
using System.Text;

namespace StickyActors.Preamble;

/// <summary>
/// Finds the end of an HTTP/1.x request head (request line and header fields up to the empty line) and
/// reads affinity keys out of it. Pure and allocation-free; never throws.
/// </summary>
internal static class HttpRequestHead
{
    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// <see cref="PreambleStatus.Parsed"/> with <paramref name="headLength"/> (CRLFCRLF included) once the
    /// head is complete; NeedMoreData before; Invalid as soon as the bytes cannot start an HTTP/1.x request
    /// line (method token, space, target, space, "HTTP/1.", digit, CRLF) or the head passes
    /// <paramref name="maxLength"/> bytes. Never NotPresent.
    /// </summary>
    public static PreambleStatus TryFindEnd(ReadOnlySpan<byte> buffer, int maxLength, out int headLength, out string? error)
    {
        headLength = 0;

        // RFC 9112 §2.2: empty lines (CRLF) before the request line are ignored.
        var skip = LeadingEmptyLines(buffer);
        error = skip == buffer.Length ? null : CheckRequestLine(buffer[skip..]);
        if (error is not null)
        {
            return PreambleStatus.Invalid;
        }

        var window = buffer[..Math.Clamp(maxLength, 0, buffer.Length)];
        var end = skip >= window.Length ? -1 : window[skip..].IndexOf("\r\n\r\n"u8);
        if (end >= 0)
        {
            headLength = skip + end + 4;
            return PreambleStatus.Parsed;
        }

        if (buffer.Length >= maxLength)
        {
            error = "HTTP: the request head is longer than the configured maximum.";
            return PreambleStatus.Invalid;
        }

        return PreambleStatus.NeedMoreData;
    }

    /// <summary>How many bytes of empty lines (CRLF pairs) start <paramref name="buffer"/>.</summary>
    public static int LeadingEmptyLines(ReadOnlySpan<byte> buffer)
    {
        var skip = 0;
        while (skip + 1 < buffer.Length && buffer[skip] == (byte)'\r' && buffer[skip + 1] == (byte)'\n')
        {
            skip += 2;
        }

        return skip;
    }

    /// <summary>
    /// Finds a key's value in a complete head (as measured by <see cref="TryFindEnd"/>): a header by
    /// case-insensitive name, a cookie by name in the Cookie header(s), or a query parameter by raw name in
    /// the request target. The first occurrence decides; the value is trimmed of spaces and tabs and is
    /// not decoded. False when the key is absent or its value is empty.
    /// </summary>
    public static bool TryGetKey(ReadOnlySpan<byte> head, AffinityKeyKind kind, ReadOnlySpan<byte> name, out Range value)
    {
        value = default;
        var requestLineEnd = head.IndexOf("\r\n"u8);
        if (name.IsEmpty || requestLineEnd < 0)
        {
            return false;
        }

        if (kind == AffinityKeyKind.QueryParameter)
        {
            return QueryString.TryFind(head[..requestLineEnd], name, out value) && NonEmpty(value);
        }

        var fieldName = kind == AffinityKeyKind.Cookie ? "Cookie"u8 : name;
        var position = requestLineEnd + 2;
        while (HttpHeaderFields.TryReadNext(head, ref position, out var field, out var fieldValue))
        {
            if (!Ascii.EqualsIgnoreCase(head[field], fieldName))
            {
                continue;
            }

            if (kind == AffinityKeyKind.Header)
            {
                value = fieldValue;
                return NonEmpty(value);
            }

            if (CookieHeader.TryFind(head[fieldValue], name, out var cookie))
            {
                var offset = fieldValue.Start.Value;
                value = (cookie.Start.Value + offset)..(cookie.End.Value + offset);
                return NonEmpty(value);
            }
        }

        return false;
    }

    private static bool NonEmpty(Range value) => value.End.Value > value.Start.Value;

    /// <summary>Null while the bytes so far can start a request line; otherwise why they cannot.</summary>
    private static string? CheckRequestLine(ReadOnlySpan<byte> buffer)
    {
        var method = buffer.IndexOfAnyExcept(TokenChars);
        if (method < 0)
        {
            return null;
        }

        if (method == 0 || buffer[method] != ' ')
        {
            return "HTTP: the request does not start with a method token and a space.";
        }

        var rest = buffer[(method + 1)..];
        var target = rest.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E);
        if (target < 0)
        {
            return null;
        }

        if (target == 0 || rest[target] != ' ')
        {
            return "HTTP: the request target is missing or holds a byte that is not visible ASCII.";
        }

        ReadOnlySpan<byte> version = "HTTP/1.?\r\n"u8;
        rest = rest[(target + 1)..];
        for (var i = 0; i < Math.Min(rest.Length, version.Length); i++)
        {
            var ok = version[i] == '?' ? char.IsAsciiDigit((char)rest[i]) : rest[i] == version[i];
            if (!ok)
            {
                return "HTTP: the request line does not end with \" HTTP/1.x\" and CRLF.";
            }
        }

        return null;
    }
}
