using System.Buffers.Binary;
using System.Net.Sockets;
using StickyActors.Handoff;

namespace StickyActors.Preamble;

/// <summary>
/// The binary PROXY protocol v2 header (spec section 2.2): 12-byte signature, version/command byte,
/// family/transport byte, 16-bit big-endian length, then that many bytes of addresses and TLVs.
/// </summary>
internal static class ProxyV2Parser
{
    private const int FixedLength = 16;
    private const int CommandLocal = 0x0;
    private const int CommandProxy = 0x1;
    private const int FamilyUnspec = 0x0;
    private const int FamilyInet = 0x1;
    private const int FamilyInet6 = 0x2;
    private const int FamilyUnix = 0x3;
    private const int TransportUnspec = 0x0;
    private const int TransportDgram = 0x2;

    /// <summary>Parses a buffer that starts with the full 12-byte signature.</summary>
    public static PreambleStatus Parse(ReadOnlySpan<byte> buffer, int maxLength, out ProxyHeader header, out string? error)
    {
        header = default;
        error = null;
        if (buffer.Length < 13)
        {
            return PreambleStatus.NeedMoreData;
        }

        var command = buffer[12] & 0x0F;
        if (buffer[12] >> 4 != 2)
        {
            return Fail("PROXY v2: the version nibble is not 2.", out error);
        }

        if (command is not (CommandLocal or CommandProxy))
        {
            return Fail("PROXY v2: the command is neither LOCAL nor PROXY.", out error);
        }

        // LOCAL ignores the family byte entirely (spec: "discard the protocol block including the family").
        if (command == CommandProxy && buffer.Length > 13 && (buffer[13] >> 4 > FamilyUnix || (buffer[13] & 0x0F) > TransportDgram))
        {
            return Fail("PROXY v2: unknown address family or transport protocol.", out error);
        }

        if (buffer.Length < FixedLength)
        {
            return PreambleStatus.NeedMoreData;
        }

        var length = FixedLength + BinaryPrimitives.ReadUInt16BigEndian(buffer[14..]);
        if (length > maxLength)
        {
            return Fail("PROXY v2: the header is longer than the configured maximum.", out error);
        }

        if (buffer.Length < length)
        {
            return PreambleStatus.NeedMoreData;
        }

        if (command == CommandLocal)
        {
            header = new ProxyHeader(ProxyCommand.Local, ClientAddress.None, ClientAddress.None, length);
            return PreambleStatus.Parsed;
        }

        return ParseAddresses(buffer[13], buffer[FixedLength..length], out header, out error);
    }

    private static PreambleStatus ParseAddresses(byte familyAndTransport, ReadOnlySpan<byte> block, out ProxyHeader header, out string? error)
    {
        header = default;
        error = null;
        var length = FixedLength + block.Length;
        var family = familyAndTransport >> 4;
        if (family == FamilyUnspec || (familyAndTransport & 0x0F) == TransportUnspec)
        {
            header = new ProxyHeader(ProxyCommand.Proxy, ClientAddress.None, ClientAddress.None, length);
            return PreambleStatus.Parsed;
        }

        var needed = family switch
        {
            FamilyInet => 12,
            FamilyInet6 => 36,
            _ => 216,
        };
        if (block.Length < needed)
        {
            return Fail("PROXY v2: the address block is shorter than the address family needs.", out error);
        }

        if (!TlvsFit(block[needed..]))
        {
            return Fail("PROXY v2: a TLV runs past the end of the header.", out error);
        }

        var (source, destination) = family switch
        {
            FamilyInet => (
                new ClientAddress(AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(block), BinaryPrimitives.ReadUInt16BigEndian(block[8..])),
                new ClientAddress(AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(block[4..]), BinaryPrimitives.ReadUInt16BigEndian(block[10..]))),
            FamilyInet6 => (
                ClientAddress.FromIPv6(block[..16], BinaryPrimitives.ReadUInt16BigEndian(block[32..])),
                ClientAddress.FromIPv6(block[16..32], BinaryPrimitives.ReadUInt16BigEndian(block[34..]))),
            _ => (ClientAddress.None, ClientAddress.None),
        };
        header = new ProxyHeader(ProxyCommand.Proxy, source, destination, length);
        return PreambleStatus.Parsed;
    }

    /// <summary>Whether the bytes after the addresses are whole TLVs (type, 16-bit length, value).</summary>
    private static bool TlvsFit(ReadOnlySpan<byte> tlvs)
    {
        while (!tlvs.IsEmpty)
        {
            if (tlvs.Length < 3)
            {
                return false;
            }

            var size = 3 + BinaryPrimitives.ReadUInt16BigEndian(tlvs[1..]);
            if (size > tlvs.Length)
            {
                return false;
            }

            tlvs = tlvs[size..];
        }

        return true;
    }

    private static PreambleStatus Fail(string reason, out string? error)
    {
        error = reason;
        return PreambleStatus.Invalid;
    }
}
