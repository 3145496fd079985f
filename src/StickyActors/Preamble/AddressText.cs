using System.Buffers.Binary;
using System.Net.Sockets;
using StickyActors.Handoff;

namespace StickyActors.Preamble;

/// <summary>
/// Strict, allocation-free parsers for addresses and ports written in ASCII: dotted-quad IPv4 with no
/// leading zeros, RFC 4291 IPv6 text (1-4 hex digits a group, one <c>::</c>, an optional dotted-quad
/// tail, no zone), and decimal ports 0..65535 with no leading zeros.
/// </summary>
internal static class AddressText
{
    public static bool TryParseIPv4(ReadOnlySpan<byte> text, ushort port, out ClientAddress address)
    {
        var ok = TryParseIPv4Bits(text, out var bits);
        address = ok ? new ClientAddress(AddressFamily.InterNetwork, 0, bits, port) : ClientAddress.None;
        return ok;
    }

    public static bool TryParseIPv6(ReadOnlySpan<byte> text, ushort port, out ClientAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        var ok = TryParseIPv6Bytes(text, bytes);
        address = ok ? ClientAddress.FromIPv6(bytes, port) : ClientAddress.None;
        return ok;
    }

    public static bool TryParsePort(ReadOnlySpan<byte> text, out ushort port)
    {
        var ok = TryParseDecimal(text, ushort.MaxValue, out var value);
        port = (ushort)value;
        return ok;
    }

    private static bool TryParseIPv4Bits(ReadOnlySpan<byte> text, out uint bits)
    {
        bits = 0;
        for (var part = 0; part < 4; part++)
        {
            var dot = text.IndexOf((byte)'.');
            var isLast = part == 3;
            if ((dot < 0) != isLast || !TryParseDecimal(dot < 0 ? text : text[..dot], 255, out var octet))
            {
                return false;
            }

            bits = (bits << 8) | octet;
            text = isLast ? default : text[(dot + 1)..];
        }

        return true;
    }

    private static bool TryParseIPv6Bytes(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var gap = -1;
        var i = 0;
        if (text.StartsWith("::"u8))
        {
            gap = 0;
            i = 2;
        }

        while (i < text.Length)
        {
            var colon = text[i..].IndexOf((byte)':');
            var end = colon < 0 ? text.Length : i + colon;
            var part = text[i..end];
            if (part.Contains((byte)'.'))
            {
                if (end != text.Length || count > 6 || !TryParseIPv4Bits(part, out var v4))
                {
                    return false;
                }

                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                break;
            }

            if (count == 8 || !TryParseHexGroup(part, out groups[count]))
            {
                return false;
            }

            count++;
            i = end;
            if (i == text.Length)
            {
                break;
            }

            i++;
            if (i < text.Length && text[i] == ':')
            {
                if (gap >= 0)
                {
                    return false;
                }

                gap = count;
                i++;
            }
            else if (i == text.Length)
            {
                return false;
            }
        }

        if (gap < 0 ? count != 8 : count > 7)
        {
            return false;
        }

        destination[..16].Clear();
        var tail = gap < 0 ? 0 : count - gap;
        for (var g = 0; g < count; g++)
        {
            var slot = g < count - tail ? g : 8 - tail + (g - (count - tail));
            BinaryPrimitives.WriteUInt16BigEndian(destination[(slot * 2)..], groups[g]);
        }

        return true;
    }

    private static bool TryParseHexGroup(ReadOnlySpan<byte> text, out ushort value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 4)
        {
            return false;
        }

        foreach (var c in text)
        {
            var digit = HexDigit(c);
            if (digit < 0)
            {
                return false;
            }

            value = (ushort)((value << 4) | digit);
        }

        return true;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool TryParseDecimal(ReadOnlySpan<byte> text, uint max, out uint value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 5 || (text[0] == '0' && text.Length > 1))
        {
            return false;
        }

        foreach (var c in text)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return value <= max;
    }
}
