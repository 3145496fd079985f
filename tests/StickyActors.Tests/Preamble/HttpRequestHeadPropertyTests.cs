using System.Text;
using CsCheck;
using StickyActors.Preamble;

namespace StickyActors.Tests.Preamble;

public sealed class HttpRequestHeadPropertyTests
{
    private static readonly Gen<string> Token = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"].Array[1, 12].Select(c => new string(c));

    private static readonly Gen<byte[]> Prefix = Gen.OneOf<byte[]>(
        [],
        "GET "u8.ToArray(),
        "GET / HTTP/1."u8.ToArray(),
        "GET /?sid=1 HTTP/1.1\r\n"u8.ToArray(),
        "POST /x HTTP/1.0\r\nCookie: sid=2\r\n"u8.ToArray());

    private static readonly Gen<byte[]> HeadLikeBytes = Gen.OneOf(
        Gen.Byte.Array[0, 200],
        Gen.OneOf<byte>("\r\n :;=&?#\"\tGETsidCookie/HTP1."u8.ToArray()).Array[0, 200]);

    private static readonly string[] Names = ["sid", "Cookie", "x", "HOST", ""];

    private static readonly Gen<(string Head, string Sid, string Key)> ValidHead =
        from method in Gen.OneOf("GET", "POST", "PUT", "DELETE", "X-CUSTOM")
        from path in Token
        from sid in Token
        from headers in Gen.Select(Token, Token).Array[0, 6]
        from key in Token
        select ($"{method} /{path}?a=b&sid={sid} HTTP/1.1\r\n" +
                string.Concat(headers.Select(h => $"{h.Item1}x: {h.Item2}\r\n")) +
                $"X-Affinity-Key: {key}\r\nCookie: sid={sid}\r\n\r\n",
                sid,
                key);

    [Fact]
    public void TryFindEnd_GeneratedHeadThenBody_ExactLengthEveryStrictPrefixNeedsMoreDataAndKeysFound()
    {
        Gen.Select(ValidHead, Gen.Byte.Array[0, 30], Gen.Int[0, 400]).Sample((valid, body, max) =>
        {
            var head = Encoding.ASCII.GetBytes(valid.Head);
            var status = HttpRequestHead.TryFindEnd([.. head, .. body], max, out var length, out var error);

            Assert.True(status == (head.Length <= max ? PreambleStatus.Parsed : PreambleStatus.Invalid), error);
            Assert.Equal(head.Length <= max ? head.Length : 0, length);
            for (var prefix = 0; prefix < head.Length; prefix++)
            {
                var expected = prefix < max ? PreambleStatus.NeedMoreData : PreambleStatus.Invalid;
                Assert.Equal(expected, HttpRequestHead.TryFindEnd(head.AsSpan(0, prefix), max, out _, out _));
            }

            Assert.Equal(valid.Key, KeyOf(head, AffinityKeyKind.Header, "x-affinity-key"));
            Assert.Equal(valid.Sid, KeyOf(head, AffinityKeyKind.Cookie, "sid"));
            Assert.Equal(valid.Sid, KeyOf(head, AffinityKeyKind.QueryParameter, "sid"));
        }, iter: 1_000);
    }

    [Fact]
    public void TryFindEnd_RandomBytes_NeverThrowAndAgreeWithEveryPrefix()
    {
        var mutatedHead =
            from valid in ValidHead
            from mutations in Gen.Select(Gen.Int[0, 1_000], Gen.OneOf<byte>("\r\n :=?\0"u8.ToArray())).Array[0, 3]
            select Mutate(Encoding.ASCII.GetBytes(valid.Head), mutations);
        var gen =
            from buffer in Gen.OneOf(Gen.Select(Prefix, HeadLikeBytes).Select((p, r) => (byte[])[.. p, .. r]), mutatedHead)
            from max in Gen.Int[0, 300]
            select (Buffer: buffer, Max: max);

        gen.Sample(sample =>
        {
            var (buffer, max) = sample;
            var status = HttpRequestHead.TryFindEnd(buffer, max, out var length, out var error);
            Assert.Equal(status == PreambleStatus.Invalid, error is not null);
            Assert.NotEqual(PreambleStatus.NotPresent, status);
            if (status == PreambleStatus.Parsed)
            {
                Assert.InRange(length, 4, Math.Min(buffer.Length, max));
                Assert.Equal(length - 4, buffer.AsSpan().IndexOf("\r\n\r\n"u8));
                AssertKeysStayInside(buffer.AsSpan(0, length));
            }

            for (var prefixLength = 0; prefixLength < buffer.Length; prefixLength++)
            {
                var early = HttpRequestHead.TryFindEnd(buffer.AsSpan(0, prefixLength), max, out var earlyLength, out _);
                if (early != PreambleStatus.NeedMoreData)
                {
                    Assert.Equal(status, early);
                    Assert.Equal(length, earlyLength);
                }
            }
        }, iter: 5_000);
    }

    [Fact]
    public void TryGetKey_RandomHeads_NeverThrowAndStayInsideTheHead()
    {
        Gen.Select(Prefix, HeadLikeBytes).Sample((prefix, rest) => AssertKeysStayInside([.. prefix, .. rest]), iter: 5_000);
    }

    private static byte[] Mutate(byte[] head, (int Position, byte Value)[] mutations)
    {
        foreach (var (position, value) in mutations)
        {
            head[position % head.Length] = value;
        }

        return head;
    }

    private static string? KeyOf(byte[] head, AffinityKeyKind kind, string name) =>
        HttpRequestHead.TryGetKey(head, kind, Encoding.ASCII.GetBytes(name), out var value) ? Encoding.ASCII.GetString(head[value]) : null;

    private static void AssertKeysStayInside(ReadOnlySpan<byte> head)
    {
        foreach (var kind in Enum.GetValues<AffinityKeyKind>())
        {
            foreach (var name in Names)
            {
                if (HttpRequestHead.TryGetKey(head, kind, Encoding.ASCII.GetBytes(name), out var value))
                {
                    var (offset, length) = value.GetOffsetAndLength(head.Length);
                    Assert.True(length > 0 && offset + length <= head.Length);
                }
            }
        }
    }
}
