using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using StickyActors.Handoff;
using static StickyActors.Tests.Preamble.ProxyV2Bytes;

namespace StickyActors.Tests.Preamble;

/// <summary>Random valid PROXY headers (v1 and v2) with the source address each one names.</summary>
internal static class ProxyHeaderGen
{
    private static readonly Gen<byte[]> Ipv6Bytes =
        from bytes in Gen.Byte.Array[16]
        from zeroGroups in Gen.Byte
        select ZeroGroups(bytes, zeroGroups);

    private static readonly Gen<byte[]> Tlvs =
        from tlvs in Gen.Select(Gen.Byte, Gen.Byte.Array[0, 20]).Array[0, 3]
        select Concat(tlvs.Select(t => Tlv(t.Item1, t.Item2)).ToArray());

    private static readonly Gen<(byte[], ClientAddress)> V1Tcp4 =
        from source in Gen.UInt
        from destination in Gen.UInt
        from ports in Gen.Select(Gen.UShort, Gen.UShort)
        select (Ascii($"PROXY TCP4 {V4(source)} {V4(destination)} {ports.Item1} {ports.Item2}\r\n"),
                new ClientAddress(AddressFamily.InterNetwork, 0, source, ports.Item1));

    private static readonly Gen<(byte[], ClientAddress)> V1Tcp6 =
        from source in Ipv6Bytes
        from destination in Ipv6Bytes
        from ports in Gen.Select(Gen.UShort, Gen.UShort)
        from upper in Gen.Bool
        select (Ascii(Case($"PROXY TCP6 {new IPAddress(source)} {new IPAddress(destination)} {ports.Item1} {ports.Item2}\r\n", upper)),
                ClientAddress.FromIPv6(source, ports.Item1));

    private static readonly Gen<(byte[], ClientAddress)> V1Unknown =
        from rest in Gen.Char['!', '~'].Array[0, 80]
        select (Ascii(rest.Length == 0 ? "PROXY UNKNOWN\r\n" : $"PROXY UNKNOWN {new string(rest)}\r\n"), ClientAddress.None);

    private static readonly Gen<(byte[], ClientAddress)> V2Inet =
        from transport in Gen.Int[1, 2]
        from block in Gen.Byte.Array[12]
        from tlvs in Tlvs
        select (Header(0x21, (byte)(0x10 | transport), block, tlvs),
                new ClientAddress(AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(block), BinaryPrimitives.ReadUInt16BigEndian(block.AsSpan(8))));

    private static readonly Gen<(byte[], ClientAddress)> V2Inet6 =
        from transport in Gen.Int[1, 2]
        from source in Ipv6Bytes
        from rest in Gen.Byte.Array[20]
        from tlvs in Tlvs
        select (Header(0x21, (byte)(0x20 | transport), source, rest, tlvs),
                ClientAddress.FromIPv6(source, BinaryPrimitives.ReadUInt16BigEndian(rest.AsSpan(16))));

    private static readonly Gen<(byte[], ClientAddress)> V2WithoutSource =
        from command in Gen.OneOf<byte>(0x20, 0x21)
        from familyTransport in Gen.OneOf<byte>(0x00, 0x10, 0x20, 0x01, 0x02, 0x30)
        from block in Gen.Byte.Array[0, 60]
        select (Header(command, familyTransport, block), ClientAddress.None);

    private static readonly Gen<(byte[], ClientAddress)> V2Unix =
        from transport in Gen.Int[1, 2]
        from block in Gen.Byte.Array[216]
        from tlvs in Tlvs
        select (Header(0x21, (byte)(0x30 | transport), block, tlvs), ClientAddress.None);

    public static Gen<(byte[] Header, ClientAddress Source)> Valid { get; } =
        Gen.OneOf(V1Tcp4, V1Tcp6, V1Unknown, V2Inet, V2Inet6, V2WithoutSource, V2Unix);

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static string Case(string text, bool upper) => upper ? text.ToUpperInvariant() : text;

    private static string V4(uint address) => new IPAddress(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(address))).ToString();

    private static byte[] ZeroGroups(byte[] bytes, byte groups)
    {
        for (var g = 0; g < 8; g++)
        {
            if ((groups & (1 << g)) != 0)
            {
                bytes[g * 2] = bytes[(g * 2) + 1] = 0;
            }
        }

        return bytes;
    }
}
