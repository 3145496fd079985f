using StickyActors.Handoff;

namespace StickyActors.Preamble;

/// <summary>
/// The human-readable PROXY protocol v1 line (spec section 2.1):
/// <c>PROXY TCP4|TCP6 src dst srcport dstport\r\n</c> or <c>PROXY UNKNOWN[ anything]\r\n</c>,
/// at most 107 bytes with the CRLF, separated by exactly one space.
/// </summary>
internal static class ProxyV1Parser
{
    private const int MaxFields = 5;

    /// <summary>Parses a buffer that starts with "PROXY".</summary>
    public static PreambleStatus Parse(ReadOnlySpan<byte> buffer, out ProxyHeader header, out string? error)
    {
        header = default;
        if (buffer.Length > 5 && buffer[5] != ' ')
        {
            return Fail("PROXY v1: \"PROXY\" must be followed by one space and a protocol.", out error);
        }

        var window = buffer[..Math.Min(buffer.Length, ProxyProtocolParser.MaxV1Length)];
        var cr = window.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
        if (cr >= 0 && window[cr] != '\r')
        {
            return Fail("PROXY v1: a byte that is not printable ASCII (or a bare LF) before the CRLF.", out error);
        }

        if (cr < 0 || cr + 1 == window.Length)
        {
            var full = window.Length == ProxyProtocolParser.MaxV1Length;
            error = full ? "PROXY v1: no CRLF within the first 107 bytes." : null;
            return full ? PreambleStatus.Invalid : PreambleStatus.NeedMoreData;
        }

        if (window[cr + 1] != '\n')
        {
            return Fail("PROXY v1: CR not followed by LF.", out error);
        }

        return ParseLine(buffer[..cr], cr + 2, out header, out error);
    }

    private static PreambleStatus ParseLine(ReadOnlySpan<byte> line, int length, out ProxyHeader header, out string? error)
    {
        header = default;
        var rest = line[6..];
        if (rest.StartsWith("UNKNOWN"u8) && (rest.Length == 7 || rest[7] == ' '))
        {
            header = new ProxyHeader(ProxyCommand.Proxy, ClientAddress.None, ClientAddress.None, length);
            error = null;
            return PreambleStatus.Parsed;
        }

        Span<Range> fields = stackalloc Range[MaxFields];
        if (!TrySplit(rest, fields))
        {
            return Fail("PROXY v1: expected exactly \"TCP4|TCP6 src dst srcport dstport\" separated by single spaces.", out error);
        }

        var protocol = rest[fields[0]];
        var isV4 = protocol.SequenceEqual("TCP4"u8);
        if (!isV4 && !protocol.SequenceEqual("TCP6"u8))
        {
            return Fail("PROXY v1: the protocol must be TCP4, TCP6 or UNKNOWN.", out error);
        }

        if (!AddressText.TryParsePort(rest[fields[3]], out var sourcePort) ||
            !AddressText.TryParsePort(rest[fields[4]], out var destinationPort))
        {
            return Fail("PROXY v1: a port is not a decimal in 0..65535 without leading zeros.", out error);
        }

        var parsed = isV4
            ? AddressText.TryParseIPv4(rest[fields[1]], sourcePort, out var source) &
              AddressText.TryParseIPv4(rest[fields[2]], destinationPort, out var destination)
            : AddressText.TryParseIPv6(rest[fields[1]], sourcePort, out source) &
              AddressText.TryParseIPv6(rest[fields[2]], destinationPort, out destination);
        if (!parsed)
        {
            return Fail(isV4
                ? "PROXY v1: an address is not a dotted-quad IPv4 address without leading zeros."
                : "PROXY v1: an address is not an IPv6 address.", out error);
        }

        header = new ProxyHeader(ProxyCommand.Proxy, source, destination, length);
        error = null;
        return PreambleStatus.Parsed;
    }

    /// <summary>Splits on single spaces into exactly <see cref="MaxFields"/> non-empty fields.</summary>
    private static bool TrySplit(ReadOnlySpan<byte> text, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != ' ')
            {
                continue;
            }

            if (i == start || count == fields.Length)
            {
                return false;
            }

            fields[count++] = start..i;
            start = i + 1;
        }

        return count == fields.Length;
    }

    private static PreambleStatus Fail(string reason, out string? error)
    {
        error = reason;
        return PreambleStatus.Invalid;
    }
}
