using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using StickyActors.Handoff;

namespace StickyActors.Forwarding;

internal static partial class ForwardHeader
{
    /// <summary>
    /// How many bytes the header has in all, as far as <paramref name="received"/> tells: the fixed
    /// part until it is here, then the fixed part plus the declared length. The listener reads no
    /// further: what follows belongs to the client's stream.
    /// </summary>
    public static int BytesNeeded(ReadOnlySpan<byte> received) =>
        received.Length < FixedLength ? FixedLength : FixedLength + BinaryPrimitives.ReadUInt16BigEndian(received[14..]);

    /// <summary>
    /// Reads and authenticates the header at the start of <paramref name="buffer"/> against the
    /// <paramref name="nonce"/> this connection was challenged with. <paramref name="consumed"/> is
    /// the header's length when valid; bytes after it are not looked at.
    /// </summary>
    public static ForwardHeaderStatus Read(ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> secret, out ForwardRoute route, out int consumed, out ForwardRejection rejection)
    {
        route = default;
        consumed = 0;
        rejection = ForwardRejection.None;
        var signature = Signature;
        if (!buffer[..Math.Min(buffer.Length, signature.Length)].SequenceEqual(signature[..Math.Min(buffer.Length, signature.Length)]))
        {
            return Reject(ForwardRejection.BadSignature, out rejection);
        }

        if (buffer.Length > 12 && buffer[12] != VersionProxy)
        {
            return Reject(buffer[12] >> 4 == 2 ? ForwardRejection.NotProxyCommand : ForwardRejection.BadSignature, out rejection);
        }

        if (buffer.Length < FixedLength)
        {
            return ForwardHeaderStatus.NeedMoreData;
        }

        var length = BytesNeeded(buffer);
        if (length > MaxLength)
        {
            return Reject(ForwardRejection.TooLong, out rejection);
        }

        if (buffer.Length < length)
        {
            return ForwardHeaderStatus.NeedMoreData;
        }

        var header = buffer[..length];
        var status = ReadBody(header, nonce, secret, out route, out rejection);
        consumed = status == ForwardHeaderStatus.Valid ? length : 0;
        return status;
    }

    private static ForwardHeaderStatus ReadBody(ReadOnlySpan<byte> header, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> secret, out ForwardRoute route, out ForwardRejection rejection)
    {
        route = default;
        rejection = ForwardRejection.None;
        var family = header[13] switch
        {
            Tcp4 => AddressFamily.InterNetwork,
            Tcp6 => AddressFamily.InterNetworkV6,
            Unspecified => AddressFamily.Unspecified,
            _ => AddressFamily.Unknown,
        };
        if (family == AddressFamily.Unknown)
        {
            return Reject(ForwardRejection.UnsupportedAddress, out rejection);
        }

        var addresses = AddressLength(family);
        if (header.Length < FixedLength + addresses)
        {
            return Reject(ForwardRejection.Malformed, out rejection);
        }

        var routeOffset = -1;
        var macOffset = -1;
        var offset = FixedLength + addresses;
        while (offset < header.Length)
        {
            if (header.Length - offset < 3)
            {
                return Reject(ForwardRejection.Malformed, out rejection);
            }

            var type = header[offset];
            var size = BinaryPrimitives.ReadUInt16BigEndian(header[(offset + 1)..]);
            var value = offset + 3;
            if (size > header.Length - value
                || (type == RouteTlv && (size != RouteLength || routeOffset >= 0))
                || (type == MacTlv && (size != MacLength || macOffset >= 0)))
            {
                return Reject(ForwardRejection.Malformed, out rejection);
            }

            routeOffset = type == RouteTlv ? value : routeOffset;
            macOffset = type == MacTlv ? value : macOffset;
            offset = value + size;
        }

        if (routeOffset < 0)
        {
            return Reject(ForwardRejection.MissingRoute, out rejection);
        }

        if (macOffset < 0)
        {
            return Reject(ForwardRejection.MissingMac, out rejection);
        }

        Span<byte> expected = stackalloc byte[MacLength];
        if (nonce.Length != ForwardChallenge.NonceLength)
        {
            return Reject(ForwardRejection.BadMac, out rejection);
        }

        ComputeMac(header, macOffset, nonce, secret, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, header.Slice(macOffset, MacLength)))
        {
            return Reject(ForwardRejection.BadMac, out rejection);
        }

        var bucket = BinaryPrimitives.ReadUInt32BigEndian(header[routeOffset..]);
        if (bucket > int.MaxValue)
        {
            return Reject(ForwardRejection.Malformed, out rejection);
        }

        var key = BinaryPrimitives.ReadUInt64BigEndian(header[(routeOffset + 4)..]);
        var pinned = (header[routeOffset + 12] & 1) != 0;
        route = new ForwardRoute(ReadClient(header.Slice(FixedLength, addresses), family), (int)bucket, key, pinned);
        return ForwardHeaderStatus.Valid;
    }

    private static ClientAddress ReadClient(ReadOnlySpan<byte> block, AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => new ClientAddress(AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(block), BinaryPrimitives.ReadUInt16BigEndian(block[8..])),
        AddressFamily.InterNetworkV6 => ClientAddress.FromIPv6(block[..16], BinaryPrimitives.ReadUInt16BigEndian(block[32..])),
        _ => ClientAddress.None,
    };

    private static ForwardHeaderStatus Reject(ForwardRejection reason, out ForwardRejection rejection)
    {
        rejection = reason;
        return ForwardHeaderStatus.Rejected;
    }
}
