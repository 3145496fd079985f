using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using StickyActors.Handoff;

namespace StickyActors.Routing;

/// <summary>
/// Network prefixes of a <see cref="ClientAddress"/>: masking to a prefix (so every client of one
/// network shares an affinity key) and testing membership of a network without allocating.
/// </summary>
internal static class ClientAddressPrefix
{
    private const ulong MappedIPv4Prefix = 0xFFFF_0000_0000UL;

    /// <summary>
    /// Zeroes the host bits, keeping the first <paramref name="ipv4PrefixBits"/> (0..32) of an IPv4
    /// address or <paramref name="ipv6PrefixBits"/> (0..128) of an IPv6 one. The port becomes 0;
    /// <see cref="ClientAddress.None"/> stays None.
    /// </summary>
    public static ClientAddress MaskTo(this ClientAddress address, int ipv4PrefixBits, int ipv6PrefixBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ipv4PrefixBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ipv4PrefixBits, 32);
        ArgumentOutOfRangeException.ThrowIfNegative(ipv6PrefixBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ipv6PrefixBits, 128);

        return address.Family switch
        {
            AddressFamily.InterNetwork =>
                new ClientAddress(AddressFamily.InterNetwork, 0, address.Low & (TopBits(ipv4PrefixBits) >> 32), 0),
            AddressFamily.InterNetworkV6 =>
                new ClientAddress(AddressFamily.InterNetworkV6, address.High & TopBits(ipv6PrefixBits), address.Low & TopBits(ipv6PrefixBits - 64), 0),
            _ => ClientAddress.None,
        };
    }

    /// <summary>
    /// Whether the address lies inside <paramref name="network"/>. IPv4 addresses and networks are
    /// compared in their IPv4-mapped IPv6 form, so <c>::ffff:10.0.0.0/104</c> holds 10.1.2.3.
    /// </summary>
    public static bool IsIn(this ClientAddress address, IPNetwork network)
    {
        if (address.IsNone)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!network.BaseAddress.TryWriteBytes(bytes, out var written))
        {
            return false;
        }

        ulong high, low;
        var prefix = network.PrefixLength;
        if (written == 4)
        {
            (high, low) = (0, MappedIPv4Prefix | BinaryPrimitives.ReadUInt32BigEndian(bytes));
            prefix += 96;
        }
        else
        {
            (high, low) = (BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        }

        var (clientHigh, clientLow) = address.Family == AddressFamily.InterNetwork
            ? (0UL, MappedIPv4Prefix | address.Low)
            : (address.High, address.Low);
        var highMask = TopBits(prefix);
        var lowMask = TopBits(prefix - 64);
        return ((clientHigh ^ high) & highMask) == 0 && ((clientLow ^ low) & lowMask) == 0;
    }

    /// <summary>A 64-bit mask with the top <paramref name="bits"/> set (none when ≤ 0, all when ≥ 64).</summary>
    private static ulong TopBits(int bits) => bits switch
    {
        <= 0 => 0,
        >= 64 => ulong.MaxValue,
        _ => ulong.MaxValue << (64 - bits),
    };
}
