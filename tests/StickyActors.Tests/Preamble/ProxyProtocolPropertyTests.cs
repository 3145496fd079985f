using CsCheck;
using StickyActors.Preamble;
using static StickyActors.Tests.Preamble.ProxyV2Bytes;

namespace StickyActors.Tests.Preamble;

public sealed class ProxyProtocolPropertyTests
{
    private static readonly Gen<byte[]> Prefix = Gen.OneOf<byte[]>(
        [],
        "PROXY "u8.ToArray(),
        "PROXY TCP4 "u8.ToArray(),
        "PROXY TCP6 "u8.ToArray(),
        "PROXY UNKNOWN"u8.ToArray(),
        Signature,
        Concat(Signature, [0x21]),
        Concat(Signature, [0x21, 0x11]),
        Concat(Signature, [0x20, 0x00]));

    [Fact]
    public void TryParse_ValidHeaderThenApplicationBytes_ExactLengthAndEveryStrictPrefixNeedsMoreData()
    {
        Gen.Select(ProxyHeaderGen.Valid, Gen.Byte.Array[0, 40]).Sample((valid, tail) =>
        {
            var (header, source) = valid;
            var status = ProxyProtocolParser.TryParse(Concat(header, tail), ProxyProtocolParser.MaxV2Length, out var parsed, out var error);

            Assert.True(status == PreambleStatus.Parsed, error);
            Assert.Equal(header.Length, parsed.Length);
            Assert.Equal(source, parsed.Source);
            for (var length = 0; length < header.Length; length++)
            {
                Assert.Equal(PreambleStatus.NeedMoreData, ProxyProtocolParser.TryParse(header.AsSpan(0, length), ProxyProtocolParser.MaxV2Length, out _, out _));
            }
        }, iter: 2_000);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrowAndAgreeWithEveryPrefix()
    {
        var gen =
            from prefix in Prefix
            from rest in Gen.Byte.Array[0, 300]
            from max in Gen.Int[0, ProxyProtocolParser.MaxV2Length + 1]
            select (Concat(prefix, rest), max);

        gen.Sample((buffer, max) => AssertConsistent(buffer, max), iter: 5_000);
    }

    [Fact]
    public void TryParse_MutatedValidHeaders_NeverThrowAndAgreeWithEveryPrefix()
    {
        var gen =
            from valid in ProxyHeaderGen.Valid
            from tail in Gen.Byte.Array[0, 20]
            from mutations in Gen.Select(Gen.Int[0, 1_000], Gen.Byte).Array[1, 4]
            from cut in Gen.Int[0, 1_000]
            select Mutate(Concat(valid.Header, tail), mutations, cut);

        gen.Sample(buffer => AssertConsistent(buffer, ProxyProtocolParser.MaxV2Length), iter: 5_000);
    }

    private static byte[] Mutate(byte[] buffer, (int Position, byte Value)[] mutations, int cut)
    {
        foreach (var (position, value) in mutations)
        {
            buffer[position % buffer.Length] = value;
        }

        return cut % 4 == 0 ? buffer[..(cut % (buffer.Length + 1))] : buffer;
    }

    /// <summary>
    /// The contract the caller relies on: a Parsed length fits the buffer and re-parses alone; an
    /// Invalid carries a reason; and any prefix that is not NeedMoreData already gives the final answer.
    /// </summary>
    private static void AssertConsistent(byte[] buffer, int max)
    {
        var status = ProxyProtocolParser.TryParse(buffer, max, out var header, out var error);
        switch (status)
        {
            case PreambleStatus.Parsed:
                Assert.InRange(header.Length, 1, buffer.Length);
                Assert.Null(error);
                Assert.Equal(PreambleStatus.Parsed, ProxyProtocolParser.TryParse(buffer.AsSpan(0, header.Length), max, out var alone, out _));
                Assert.Equal(header, alone);
                break;
            case PreambleStatus.Invalid:
                Assert.False(string.IsNullOrEmpty(error));
                break;
            default:
                Assert.Null(error);
                Assert.Equal(default, header);
                break;
        }

        for (var length = 0; length < buffer.Length; length++)
        {
            var early = ProxyProtocolParser.TryParse(buffer.AsSpan(0, length), max, out var earlyHeader, out _);
            if (early != PreambleStatus.NeedMoreData)
            {
                Assert.Equal(status, early);
                Assert.Equal(header, earlyHeader);
            }
        }
    }
}
