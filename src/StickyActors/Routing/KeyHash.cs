using System.Buffers.Binary;
using System.Numerics;

namespace StickyActors.Routing;

/// <summary>
/// The stable, seeded hash of an affinity key's bytes (a header, cookie or query value). Reads the key
/// eight bytes at a time in little-endian order and ends with the MurmurHash3 64-bit finaliser, so the
/// same key and seed give the same value in every process, on every machine, after every restart.
/// </summary>
internal static class KeyHash
{
    private const ulong C1 = 0x87C3_7B91_1142_53D5UL;
    private const ulong C2 = 0x4CF5_AD43_2745_937FUL;

    public static ulong HashKey(ReadOnlySpan<byte> key, ulong seed)
    {
        var h = seed ^ ((ulong)key.Length * C2);
        while (key.Length >= 8)
        {
            h = Round(h, BinaryPrimitives.ReadUInt64LittleEndian(key));
            key = key[8..];
        }

        if (!key.IsEmpty)
        {
            ulong tail = 0;
            for (var i = key.Length - 1; i >= 0; i--)
            {
                tail = (tail << 8) | key[i];
            }

            h = Round(h, tail);
        }

        return AffinityHash.Mix(h);
    }

    private static ulong Round(ulong h, ulong k)
    {
        k *= C1;
        k = BitOperations.RotateLeft(k, 31);
        k *= C2;
        h ^= k;
        return (BitOperations.RotateLeft(h, 27) * 5) + 0x52DC_E729UL;
    }
}
