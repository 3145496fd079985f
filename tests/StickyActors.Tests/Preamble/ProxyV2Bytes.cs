using System.Buffers.Binary;
using System.Net;

namespace StickyActors.Tests.Preamble;

/// <summary>Builds PROXY v2 headers byte by byte, as section 2.2 of the specification lays them out.</summary>
internal static class ProxyV2Bytes
{
    public static byte[] Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>Signature, version/command byte, family/transport byte, big-endian length, then the body.</summary>
    public static byte[] Header(byte versionCommand, byte familyTransport, params byte[][] body)
    {
        var length = body.Sum(b => b.Length);
        var header = new byte[16 + length];
        Signature.CopyTo(header, 0);
        header[12] = versionCommand;
        header[13] = familyTransport;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)length);
        var offset = 16;
        foreach (var part in body)
        {
            part.CopyTo(header, offset);
            offset += part.Length;
        }

        return header;
    }

    /// <summary>The address block: source address, destination address, source port, destination port.</summary>
    public static byte[] Addresses(string source, string destination, ushort sourcePort, ushort destinationPort)
    {
        var src = IPAddress.Parse(source).GetAddressBytes();
        var dst = IPAddress.Parse(destination).GetAddressBytes();
        var block = new byte[src.Length + dst.Length + 4];
        src.CopyTo(block, 0);
        dst.CopyTo(block, src.Length);
        BinaryPrimitives.WriteUInt16BigEndian(block.AsSpan(src.Length + dst.Length), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(block.AsSpan(src.Length + dst.Length + 2), destinationPort);
        return block;
    }

    /// <summary>One TLV: type byte, big-endian 16-bit length, value.</summary>
    public static byte[] Tlv(byte type, byte[] value)
    {
        var tlv = new byte[3 + value.Length];
        tlv[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(tlv.AsSpan(1), (ushort)value.Length);
        value.CopyTo(tlv, 3);
        return tlv;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
