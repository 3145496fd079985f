namespace StickyActors.Preamble;

/// <summary>
/// Reads a HAProxy PROXY protocol header (version 1 text or version 2 binary) from the first bytes of a
/// connection. Pure and allocation-free: it only looks at the bytes it is given, never past
/// <c>buffer.Length</c> or the header's declared length, and never throws.
/// </summary>
internal static class ProxyProtocolParser
{
    /// <summary>The longest v1 line, CRLF included ("PROXY UNKNOWN" with two full IPv6 addresses).</summary>
    public const int MaxV1Length = 107;

    /// <summary>The longest v2 header the format can express: 16 fixed bytes and a 16-bit length.</summary>
    public const int MaxV2Length = 16 + ushort.MaxValue;

    internal static ReadOnlySpan<byte> V1Signature => "PROXY"u8;

    internal static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// Looks at the bytes read so far. <see cref="PreambleStatus.NeedMoreData"/>: they are a prefix of a
    /// possible header. <see cref="PreambleStatus.NotPresent"/>: the stream starts with neither signature.
    /// <see cref="PreambleStatus.Parsed"/>: <paramref name="header"/> holds the header and its exact length.
    /// <see cref="PreambleStatus.Invalid"/>: <paramref name="error"/> says why. Once the answer is not
    /// NeedMoreData, more bytes never change it.
    /// </summary>
    /// <param name="buffer">The bytes read from the start of the connection.</param>
    /// <param name="maxV2Length">The longest v2 header accepted, fixed part included; longer is Invalid.</param>
    /// <param name="header">The header when Parsed; default otherwise.</param>
    /// <param name="error">Why the header is Invalid; null otherwise.</param>
    public static PreambleStatus TryParse(ReadOnlySpan<byte> buffer, int maxV2Length, out ProxyHeader header, out string? error)
    {
        header = default;
        error = null;
        if (StartsWithPrefixOf(buffer, V2Signature))
        {
            return buffer.Length < V2Signature.Length
                ? PreambleStatus.NeedMoreData
                : ProxyV2Parser.Parse(buffer, maxV2Length, out header, out error);
        }

        if (StartsWithPrefixOf(buffer, V1Signature))
        {
            return buffer.Length < V1Signature.Length
                ? PreambleStatus.NeedMoreData
                : ProxyV1Parser.Parse(buffer, out header, out error);
        }

        return PreambleStatus.NotPresent;
    }

    /// <summary>Whether the buffer and the signature agree on every byte both have.</summary>
    private static bool StartsWithPrefixOf(ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> signature)
    {
        var n = Math.Min(buffer.Length, signature.Length);
        return buffer[..n].SequenceEqual(signature[..n]);
    }
}
