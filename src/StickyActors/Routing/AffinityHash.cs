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
    /// <summary>Hashes the address (not the port): all of one client's connections share a bucket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(in ClientAddress client, ulong seed)
    {
        var h = seed ^ (client.Family == AddressFamily.InterNetworkV6 ? 0x9E37_79B9_7F4A_7C15UL : 0xC2B2_AE3D_27D4_EB4FUL);
        h = Mix(h ^ client.High);
        return Mix(h ^ client.Low);
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
