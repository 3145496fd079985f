namespace StickyActors.Preamble;

/// <summary>Finds a cookie in a Cookie header value (<c>name=value; name2=value2</c>, RFC 6265).</summary>
internal static class CookieHeader
{
    /// <summary>
    /// The first cookie named exactly <paramref name="name"/> (case-sensitive); its value without
    /// surrounding whitespace or double quotes, as a range of <paramref name="header"/>.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> header, ReadOnlySpan<byte> name, out Range value)
    {
        var start = 0;
        while (start <= header.Length)
        {
            var semicolon = header[start..].IndexOf((byte)';');
            var end = semicolon < 0 ? header.Length : start + semicolon;
            var equals = header[start..end].IndexOf((byte)'=');
            if (equals > 0)
            {
                var cookieName = HttpHeaderFields.Trim(header, start, start + equals);
                if (header[cookieName].SequenceEqual(name))
                {
                    value = Unquote(header, HttpHeaderFields.Trim(header, start + equals + 1, end));
                    return true;
                }
            }

            start = end + 1;
        }

        value = default;
        return false;
    }

    private static Range Unquote(ReadOnlySpan<byte> header, Range value)
    {
        var (offset, length) = value.GetOffsetAndLength(header.Length);
        return length >= 2 && header[offset] == '"' && header[offset + length - 1] == '"'
            ? (offset + 1)..(offset + length - 1)
            : value;
    }
}
