using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using StickyActors.Handoff;

namespace StickyActors.Forwarding;

/// <summary>
/// The header a forwarding host writes after the owner's challenge: a standard PROXY protocol v2
/// header (PROXY command, TCP over the client's family, source = the client, destination = the
/// owner's forward endpoint or zeros) with two TLVs of our own: 0xE0, the route (bucket u32, key u64,
/// flags u8 with bit 0 = pinned, big-endian), then 0xE1, an HMAC-SHA256 with the cluster secret over
/// the challenge's nonce followed by the whole header with the MAC's value zero-filled.
/// </summary>
internal static partial class ForwardHeader
{
    public const int FixedLength = 16;
    public const int MaxLength = 1024;
    public const byte RouteTlv = 0xE0;
    public const byte MacTlv = 0xE1;
    public const int RouteLength = 13;
    public const int MacLength = 32;

    private const byte VersionProxy = 0x21;
    private const byte VersionLocal = 0x20;
    private const byte Unspecified = 0x00;
    private const byte Tcp4 = 0x11;
    private const byte Tcp6 = 0x21;
    private const int Tlvs = 3 + RouteLength + 3 + MacLength;

    public static ReadOnlySpan<byte> Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>The length of the header for a client of <paramref name="client"/>'s family.</summary>
    public static int LengthFor(ClientAddress client) => FixedLength + AddressLength(client.Family) + Tlvs;

    /// <summary>
    /// Writes the header for <paramref name="route"/> into <paramref name="destination"/> (at least
    /// <see cref="LengthFor"/> bytes) and returns its length. <paramref name="target"/> is the owner's
    /// forward endpoint; written as zeros when its family is not the client's.
    /// </summary>
    public static int Write(Span<byte> destination, in ForwardRoute route, ClientAddress target, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> secret)
    {
        if (nonce.Length != ForwardChallenge.NonceLength)
        {
            throw new ArgumentException($"The nonce is {ForwardChallenge.NonceLength} bytes.", nameof(nonce));
        }

        var client = route.Client;
        var addresses = AddressLength(client.Family);
        var length = FixedLength + addresses + Tlvs;
        var header = destination[..length];
        header.Clear();
        Signature.CopyTo(header);
        header[12] = VersionProxy;
        header[13] = client.Family switch
        {
            AddressFamily.InterNetwork => Tcp4,
            AddressFamily.InterNetworkV6 => Tcp6,
            _ => Unspecified,
        };
        BinaryPrimitives.WriteUInt16BigEndian(header[14..], (ushort)(length - FixedLength));
        WriteAddresses(header.Slice(FixedLength, addresses), client, target.Family == client.Family ? target : default);

        var tlvs = header[(FixedLength + addresses)..];
        tlvs[0] = RouteTlv;
        BinaryPrimitives.WriteUInt16BigEndian(tlvs[1..], RouteLength);
        BinaryPrimitives.WriteUInt32BigEndian(tlvs[3..], (uint)route.Bucket);
        BinaryPrimitives.WriteUInt64BigEndian(tlvs[7..], route.Key);
        tlvs[15] = route.Pinned ? (byte)1 : (byte)0;
        tlvs[16] = MacTlv;
        BinaryPrimitives.WriteUInt16BigEndian(tlvs[17..], MacLength);
        var macOffset = FixedLength + addresses + 3 + RouteLength + 3;
        ComputeMac(header, macOffset, nonce, secret, header.Slice(macOffset, MacLength));
        return length;
    }

    /// <summary>HMAC-SHA256 over nonce || header, the header's MAC value taken as zeros.</summary>
    private static void ComputeMac(ReadOnlySpan<byte> header, int macOffset, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> secret, Span<byte> mac)
    {
        Span<byte> message = stackalloc byte[ForwardChallenge.NonceLength + MaxLength];
        message = message[..(nonce.Length + header.Length)];
        nonce.CopyTo(message);
        header.CopyTo(message[nonce.Length..]);
        message.Slice(nonce.Length + macOffset, MacLength).Clear();
        HMACSHA256.HashData(secret, message, mac);
    }

    private static int AddressLength(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => 12,
        AddressFamily.InterNetworkV6 => 36,
        _ => 0,
    };

    private static void WriteAddresses(Span<byte> block, ClientAddress source, ClientAddress target)
    {
        if (source.Family == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt32BigEndian(block, (uint)source.Low);
            BinaryPrimitives.WriteUInt32BigEndian(block[4..], (uint)target.Low);
            BinaryPrimitives.WriteUInt16BigEndian(block[8..], source.Port);
            BinaryPrimitives.WriteUInt16BigEndian(block[10..], target.Port);
        }
        else if (source.Family == AddressFamily.InterNetworkV6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(block, source.High);
            BinaryPrimitives.WriteUInt64BigEndian(block[8..], source.Low);
            BinaryPrimitives.WriteUInt64BigEndian(block[16..], target.High);
            BinaryPrimitives.WriteUInt64BigEndian(block[24..], target.Low);
            BinaryPrimitives.WriteUInt16BigEndian(block[32..], source.Port);
            BinaryPrimitives.WriteUInt16BigEndian(block[34..], target.Port);
        }
    }
}
