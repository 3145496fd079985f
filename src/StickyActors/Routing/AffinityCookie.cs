namespace StickyActors.Routing;

/// <summary>
/// The value of the affinity cookie (<c>affinity.key = bucket-cookie</c>): a bucket, written by a
/// worker and read by the master without hashing. Version 1 is nine characters, <c>1</c> then eight
/// base64url characters holding 48 bits: the bucket (20 bits) masked with a key of the cluster, and
/// a 28-bit check over the bucket, the bucket count and that key. A value made for another bucket
/// count or hash seed, a changed character or garbage fails the check (a random value passes with
/// odds of 1 in 2^28, and then only names a bucket). Pure and allocation-free on the read side;
/// never throws.
/// </summary>
internal static class AffinityCookie
{
    /// <summary>Characters in a version 1 value.</summary>
    public const int Length = 9;

    private const byte Version1 = (byte)'1';
    private const int BucketBits = 20;
    private const int CheckBits = 28;
    private const ulong KeySalt = 0x5EED_C00C_1E5A_FF17UL;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>The cluster's cookie key, derived from <c>routing.hash-seed</c>.</summary>
    public static ulong KeyFor(ulong hashSeed) => AffinityHash.Mix(hashSeed ^ KeySalt);

    /// <summary>The value naming <paramref name="bucket"/> of <paramref name="buckets"/>.</summary>
    public static string Encode(int bucket, int buckets, ulong key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, buckets);
        var payload = ((ulong)((uint)bucket ^ Mask(buckets, key)) << CheckBits) | Check(bucket, buckets, key);
        return string.Create(Length, payload, static (chars, bits) =>
        {
            chars[0] = (char)Version1;
            for (var i = 1; i < Length; i++)
            {
                chars[i] = Alphabet[(int)((bits >> (6 * (Length - 1 - i))) & 63)];
            }
        });
    }

    /// <summary>What <paramref name="value"/> says; <paramref name="bucket"/> is set when it is <see cref="AffinityCookieStatus.Valid"/>.</summary>
    public static AffinityCookieStatus Decode(ReadOnlySpan<byte> value, int buckets, ulong key, out int bucket)
    {
        bucket = -1;
        if (value.Length != Length)
        {
            return AffinityCookieStatus.Malformed;
        }

        if (value[0] != Version1)
        {
            return AffinityCookieStatus.UnknownVersion;
        }

        ulong payload = 0;
        for (var i = 1; i < Length; i++)
        {
            var digit = Digit(value[i]);
            if (digit < 0)
            {
                return AffinityCookieStatus.Malformed;
            }

            payload = (payload << 6) | (uint)digit;
        }

        var candidate = (int)((uint)(payload >> CheckBits) ^ Mask(buckets, key));
        if ((uint)candidate >= (uint)buckets)
        {
            return AffinityCookieStatus.OutOfRange;
        }

        if ((payload & ((1UL << CheckBits) - 1)) != Check(candidate, buckets, key))
        {
            return AffinityCookieStatus.BadCheck;
        }

        bucket = candidate;
        return AffinityCookieStatus.Valid;
    }

    /// <summary>As <see cref="Decode(ReadOnlySpan{byte}, int, ulong, out int)"/>, for a value read by ASP.NET Core.</summary>
    public static bool IsValid(string? value, int buckets, ulong key)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Length];
        for (var i = 0; i < Length; i++)
        {
            bytes[i] = value[i] < 128 ? (byte)value[i] : (byte)0;
        }

        return Decode(bytes, buckets, key, out _) == AffinityCookieStatus.Valid;
    }

    private static uint Mask(int buckets, ulong key) => (uint)(AffinityHash.Mix(key ^ (uint)buckets) & ((1UL << BucketBits) - 1));

    private static ulong Check(int bucket, int buckets, ulong key) =>
        AffinityHash.Mix(key ^ ((ulong)(uint)buckets << 32) ^ (uint)bucket ^ 0xC3A5_C85C_97CB_3127UL) >> (64 - CheckBits);

    private static int Digit(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'-' => 62,
        (byte)'_' => 63,
        _ => -1,
    };
}
