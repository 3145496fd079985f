using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.Handoff;

/// <summary>
/// A client's address and port as plain data, with IPv4-mapped IPv6 addresses (<c>::ffff:a.b.c.d</c>)
/// normalised to IPv4, so the same client hashes the same whichever way the socket saw it.
/// IPv4 addresses keep their four bytes in the low 32 bits of <see cref="Low"/>.
/// </summary>
internal readonly record struct ClientAddress(AddressFamily Family, ulong High, ulong Low, ushort Port)
{
    private const ushort LinuxAfInet = 2;
    private const ushort LinuxAfInet6 = 10;

    public static ClientAddress None => default;

    public bool IsNone => Family == AddressFamily.Unspecified;

    /// <summary>Reads the 16 bytes of an IPv6 address, folding IPv4-mapped ones to IPv4.</summary>
    public static ClientAddress FromIPv6(ReadOnlySpan<byte> address, ushort port)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(address);
        var low = BinaryPrimitives.ReadUInt64BigEndian(address[8..]);
        return high == 0 && (low >> 32) == 0xFFFF
            ? new ClientAddress(AddressFamily.InterNetwork, 0, low & 0xFFFF_FFFF, port)
            : new ClientAddress(AddressFamily.InterNetworkV6, high, low, port);
    }

    /// <summary>Reads a Linux <c>sockaddr_in</c> or <c>sockaddr_in6</c> as accept(2) fills it.</summary>
    public static ClientAddress FromSockAddr(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < 8)
        {
            return None;
        }

        var family = BinaryPrimitives.ReadUInt16LittleEndian(sockaddr);
        var port = BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]);
        return family switch
        {
            LinuxAfInet => new ClientAddress(AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(sockaddr[4..]), port),
            LinuxAfInet6 when sockaddr.Length >= 24 => FromIPv6(sockaddr.Slice(8, 16), port),
            _ => None,
        };
    }

    public static ClientAddress FromEndPoint(IPEndPoint endPoint)
    {
        Span<byte> bytes = stackalloc byte[16];
        var address = endPoint.Address;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes, out _);
            return new ClientAddress(AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(bytes), (ushort)endPoint.Port);
        }

        address.TryWriteBytes(bytes, out _);
        return FromIPv6(bytes, (ushort)endPoint.Port);
    }

    public IPEndPoint? ToEndPoint()
    {
        switch (Family)
        {
            case AddressFamily.InterNetwork:
                Span<byte> v4 = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)Low);
                return new IPEndPoint(new IPAddress(v4), Port);
            case AddressFamily.InterNetworkV6:
                Span<byte> v6 = stackalloc byte[16];
                BinaryPrimitives.WriteUInt64BigEndian(v6, High);
                BinaryPrimitives.WriteUInt64BigEndian(v6[8..], Low);
                return new IPEndPoint(new IPAddress(v6), Port);
            default:
                return null;
        }
    }

    public override string ToString() => ToEndPoint()?.ToString() ?? "(unknown)";
}
