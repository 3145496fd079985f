using System.Net.Sockets;
using System.Runtime.CompilerServices;
using StickyActors.Handoff;

namespace StickyActors.Routing;

/// <summary>
/// The stable, seeded hash of a client key. Pure arithmetic on the address bits: the same client and
/// seed give the same value in every process and after every restart (unlike string.GetHashCode).
/// </summary>
internal static class AffinityHash
{
    /// <summary>
    /// Hashes the address (not the port): all of one client's connections share a bucket. The hash is
    /// 32 bits wide (in the high half of the result, which is all <see cref="Bucket"/> reads) and uses
    /// only 32-bit operations, so the kernel's steering program computes exactly the same value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(in ClientAddress client, ulong seed) => (ulong)Of32(client, seed) << 32;

    /// <summary>
    /// The 32-bit client hash: the folded seed and a family constant, then for each 32-bit word of the
    /// address (big-endian order, as the packet carries it) an XOR and the MurmurHash3 32-bit finaliser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of32(in ClientAddress client, ulong seed)
    {
        if (client.Family == AddressFamily.InterNetworkV6)
        {
            var h = Start32(seed, ipv6: true);
            h = Mix32(h ^ (uint)(client.High >> 32));
            h = Mix32(h ^ (uint)client.High);
            h = Mix32(h ^ (uint)(client.Low >> 32));
            return Mix32(h ^ (uint)client.Low);
        }

        return Mix32(Start32(seed, ipv6: false) ^ (uint)client.Low);
    }

    /// <summary>The start value of <see cref="Of32"/>: the seed folded to 32 bits, with a family constant.</summary>
    public static uint Start32(ulong seed, bool ipv6) => (uint)seed ^ (uint)(seed >> 32) ^ (ipv6 ? 0x7F4A_7C15u : 0x27D4_EB4Fu);

    /// <summary>The MurmurHash3 32-bit finaliser: every input bit affects every output bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Mix32(uint k)
    {
        k ^= k >> 16;
        k *= 0x85EB_CA6Bu;
        k ^= k >> 13;
        k *= 0xC2B2_AE35u;
        k ^= k >> 16;
        return k;
    }

    /// <summary>Maps a hash to one of <paramref name="buckets"/> buckets without a division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bucket(ulong hash, int buckets) => (int)(((hash >> 32) * (ulong)(uint)buckets) >> 32);

    /// <summary>The MurmurHash3 64-bit finaliser: every input bit affects every output bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xFF51_AFD7_ED55_8CCDUL;
        k ^= k >> 33;
        k *= 0xC4CE_B9FE_1A85_EC53UL;
        k ^= k >> 33;
        return k;
    }
}
