using System.Numerics;
using System.Text;
using StickyActors.Routing;

namespace StickyActors.Tests.Routing;

public sealed class KeyHashTests
{
    [Fact]
    public void HashKey_SameKeyInSeparateBuffers_SameHash()
    {
        var a = Encoding.ASCII.GetBytes("user=alice; theme=dark");
        var b = Encoding.ASCII.GetBytes("xx user=alice; theme=dark")[3..];

        Assert.Equal(KeyHash.HashKey(a, 9), KeyHash.HashKey(b, 9));
    }

    [Fact]
    public void HashKey_DifferentSeeds_DifferentHashes()
    {
        Assert.NotEqual(KeyHash.HashKey("abc"u8, 1), KeyHash.HashKey("abc"u8, 2));
    }

    [Fact]
    public void HashKey_TrailingZeroByte_DifferentHash()
    {
        Assert.NotEqual(KeyHash.HashKey("a"u8, 1), KeyHash.HashKey("a\0"u8, 1));
        Assert.NotEqual(KeyHash.HashKey(""u8, 1), KeyHash.HashKey("\0"u8, 1));
    }

    [Fact]
    public void HashKey_OneBitFlipped_ChangesAboutHalfTheBits()
    {
        var key = Encoding.ASCII.GetBytes("a-reasonably-long-session-identifier");
        var original = KeyHash.HashKey(key, 7);
        var total = 0;
        for (var bit = 0; bit < key.Length * 8; bit++)
        {
            key[bit / 8] ^= (byte)(1 << (bit % 8));
            total += BitOperations.PopCount(original ^ KeyHash.HashKey(key, 7));
            key[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        Assert.InRange((double)total / (key.Length * 8), 28.0, 36.0);
    }

    [Fact]
    public void HashKey_SequentialKeys_SpreadEvenlyOverBuckets()
    {
        const int buckets = 64;
        var counts = new int[buckets];
        for (var i = 0; i < 64_000; i++)
        {
            var hash = KeyHash.HashKey(Encoding.ASCII.GetBytes($"session-{i}"), 42);
            counts[AffinityHash.Bucket(hash, buckets)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }
}
