using System.Net.Sockets;
using StickyActors.Handoff;

namespace StickyActors.Preamble;

/// <summary>
/// Who counts as one source for the per-source preamble bound: an IPv4 address, or an IPv6 address's
/// /64 (what one host or site is usually given, so rotating the low bits buys an attacker nothing).
/// </summary>
internal readonly record struct PreambleSource(ulong Prefix, ulong Host)
{
    /// <summary>Marks an IPv6 /64 in <see cref="Host"/>, which an IPv4 address (32 bits) never reaches.</summary>
    private const ulong Ipv6Prefix = 1UL << 32;

    public static PreambleSource Of(ClientAddress peer) => peer.Family == AddressFamily.InterNetworkV6
        ? new PreambleSource(peer.High, Ipv6Prefix)
        : new PreambleSource(0, peer.Low);
}
