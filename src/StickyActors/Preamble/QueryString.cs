namespace StickyActors.Preamble;

/// <summary>Finds a query parameter in the target of an HTTP/1.x request line.</summary>
internal static class QueryString
{
    /// <summary>
    /// The first <c>name=value</c> pair of the query (between '?' and '#' or the end of the target) whose
    /// raw, undecoded name equals <paramref name="name"/>; a name without '=' has an empty value. The range
    /// is of <paramref name="requestLine"/>, which excludes the CRLF.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> requestLine, ReadOnlySpan<byte> name, out Range value)
    {
        value = default;
        var targetStart = requestLine.IndexOf((byte)' ') + 1;
        var targetEnd = requestLine.LastIndexOf((byte)' ');
        if (targetStart <= 0 || targetEnd <= targetStart)
        {
            return false;
        }

        var target = requestLine[targetStart..targetEnd];
        var fragment = target.IndexOf((byte)'#');
        target = fragment < 0 ? target : target[..fragment];
        var question = target.IndexOf((byte)'?');
        if (question < 0)
        {
            return false;
        }

        var queryEnd = targetStart + target.Length;
        var start = targetStart + question + 1;
        while (start <= queryEnd)
        {
            var ampersand = requestLine[start..queryEnd].IndexOf((byte)'&');
            var end = ampersand < 0 ? queryEnd : start + ampersand;
            var equals = requestLine[start..end].IndexOf((byte)'=');
            var nameEnd = equals < 0 ? end : start + equals;
            if (requestLine[start..nameEnd].SequenceEqual(name))
            {
                value = (equals < 0 ? end : nameEnd + 1)..end;
                return true;
            }

            start = end + 1;
        }

        return false;
    }
}
