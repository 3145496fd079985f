namespace StickyActors.Preamble;

/// <summary>Walks the header field lines of an HTTP/1.x request head without allocating.</summary>
internal static class HttpHeaderFields
{
    /// <summary>
    /// Reads the field line starting at <paramref name="position"/> and moves past it. Lines without a
    /// colon (or starting with one) are skipped. False at the empty line that ends the head, or when no
    /// complete line remains. The value range is trimmed of spaces and tabs.
    /// </summary>
    public static bool TryReadNext(ReadOnlySpan<byte> head, ref int position, out Range name, out Range value)
    {
        while ((uint)position < (uint)head.Length)
        {
            var start = position;
            var lineLength = head[start..].IndexOf("\r\n"u8);
            if (lineLength <= 0)
            {
                break;
            }

            position = start + lineLength + 2;
            var colon = head.Slice(start, lineLength).IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            name = start..(start + colon);
            value = Trim(head, start + colon + 1, start + lineLength);
            return true;
        }

        name = value = default;
        return false;
    }

    /// <summary>The range [start, end) of <paramref name="text"/> without leading or trailing SP/HTAB.</summary>
    public static Range Trim(ReadOnlySpan<byte> text, int start, int end)
    {
        while (start < end && text[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        while (end > start && text[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return start..end;
    }
}
