using System.Text;
using CsCheck;
using StickyActors.Routing;

namespace StickyActors.Tests.Routing;

public sealed class AffinityCookieTests
{
    private static readonly Gen<(int Bucket, int Buckets, ulong Seed)> Named =
        from buckets in Gen.Int[1, 1 << 20]
        from bucket in Gen.Int[0, buckets - 1]
        from seed in Gen.ULong
        select (bucket, buckets, seed);

    [Fact]
    public void Decode_EncodedValue_NamesTheSameBucket()
    {
        Named.Sample(named =>
        {
            var key = AffinityCookie.KeyFor(named.Seed);
            var value = AffinityCookie.Encode(named.Bucket, named.Buckets, key);

            Assert.Equal(AffinityCookie.Length, value.Length);
            Assert.Equal(AffinityCookieStatus.Valid, AffinityCookie.Decode(Encoding.ASCII.GetBytes(value), named.Buckets, key, out var bucket));
            Assert.Equal(named.Bucket, bucket);
            Assert.True(AffinityCookie.IsValid(value, named.Buckets, key));
        }, iter: 10_000);
    }

    [Fact]
    public void Decode_ValueMadeForAnotherSeedOrBucketCount_IsRejected()
    {
        Gen.Select(Named, Gen.ULong, Gen.Int[1, 1 << 20]).Sample((named, otherSeed, otherBuckets) =>
        {
            var key = AffinityCookie.KeyFor(named.Seed);
            var value = Encoding.ASCII.GetBytes(AffinityCookie.Encode(named.Bucket, named.Buckets, key));

            if (otherSeed != named.Seed)
            {
                Assert.NotEqual(AffinityCookieStatus.Valid, AffinityCookie.Decode(value, named.Buckets, AffinityCookie.KeyFor(otherSeed), out _));
            }

            if (otherBuckets != named.Buckets)
            {
                Assert.NotEqual(AffinityCookieStatus.Valid, AffinityCookie.Decode(value, otherBuckets, key, out _));
            }
        }, iter: 10_000);
    }

    [Fact]
    public void Decode_OneCharacterChanged_IsRejected()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        Gen.Select(Named, Gen.Int[1, AffinityCookie.Length - 1], Gen.Int[1, 63]).Sample((named, position, shift) =>
        {
            var key = AffinityCookie.KeyFor(named.Seed);
            var value = Encoding.ASCII.GetBytes(AffinityCookie.Encode(named.Bucket, named.Buckets, key));
            value[position] = (byte)alphabet[(alphabet.IndexOf((char)value[position], StringComparison.Ordinal) + shift) % 64];

            Assert.NotEqual(AffinityCookieStatus.Valid, AffinityCookie.Decode(value, named.Buckets, key, out var bucket));
            Assert.Equal(-1, bucket);
        }, iter: 10_000);
    }

    [Fact]
    public void Decode_AnyBytes_NeverThrowsAndOnlyAcceptsWhatEncodeWrites()
    {
        var bytes = Gen.OneOf(
            Gen.Byte.Array[0, 16],
            Gen.OneOf<byte>("1ABCxyz09-_=+/ \"%;"u8.ToArray()).Array[9],
            Gen.OneOf<byte>("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8.ToArray()).Array[8].Select(b => (byte[])[(byte)'1', .. b]));
        Gen.Select(bytes, Gen.Int[1, 4096], Gen.ULong).Sample((value, buckets, seed) =>
        {
            var key = AffinityCookie.KeyFor(seed);
            var status = AffinityCookie.Decode(value, buckets, key, out var bucket);

            if (status == AffinityCookieStatus.Valid)
            {
                Assert.Equal(Encoding.ASCII.GetString(value), AffinityCookie.Encode(bucket, buckets, key));
            }
            else
            {
                Assert.Equal(-1, bucket);
            }
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("", "Malformed")]
    [InlineData("not-a-bucket-cookie", "Malformed")]
    [InlineData("1ABCDEFG!", "Malformed")]
    [InlineData("0AAAAAAAA", "UnknownVersion")]
    [InlineData("2AAAAAAAA", "UnknownVersion")]
    public void Decode_ForgedValues_AreRejectedWithTheirReason(string value, string expected)
    {
        Assert.Equal(Enum.Parse<AffinityCookieStatus>(expected), AffinityCookie.Decode(Encoding.ASCII.GetBytes(value), 1024, AffinityCookie.KeyFor(1), out var bucket));
        Assert.Equal(-1, bucket);
    }

    [Fact]
    public void Decode_RandomVersion1Values_AreAlmostAllOutOfRangeAndNoneThrows()
    {
        var key = AffinityCookie.KeyFor(7);
        var outOfRange = 0;
        var random = new Random(17);
        for (var i = 0; i < 10_000; i++)
        {
            var value = new byte[AffinityCookie.Length];
            value[0] = (byte)'1';
            for (var c = 1; c < value.Length; c++)
            {
                value[c] = (byte)"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[random.Next(64)];
            }

            outOfRange += AffinityCookie.Decode(value, 1024, key, out _) == AffinityCookieStatus.OutOfRange ? 1 : 0;
        }

        Assert.InRange(outOfRange, 9_900, 10_000);
    }
}
