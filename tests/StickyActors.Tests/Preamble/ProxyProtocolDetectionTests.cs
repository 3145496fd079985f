using System.Text;
using StickyActors.Preamble;
using static StickyActors.Tests.Preamble.ProxyV2Bytes;

namespace StickyActors.Tests.Preamble;

public sealed class ProxyProtocolDetectionTests
{
    public static TheoryData<byte[]> ValidHeaders() => new()
    {
        Encoding.ASCII.GetBytes("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"),
        Encoding.ASCII.GetBytes("PROXY TCP6 2001:db8::1 ::ffff:192.0.2.1 1 2\r\n"),
        Encoding.ASCII.GetBytes("PROXY UNKNOWN\r\n"),
        Header(0x21, 0x11, Addresses("203.0.113.9", "192.0.2.1", 50000, 443)),
        Header(0x21, 0x21, Addresses("2001:db8::7", "2001:db8::1", 1, 2), Tlv(0x01, "h2"u8.ToArray())),
        Header(0x20, 0x00),
        Header(0x21, 0x31, new byte[216]),
    };

    [Theory]
    [MemberData(nameof(ValidHeaders))]
    public void TryParse_EveryStrictPrefixOfAValidHeader_NeedMoreData(byte[] header)
    {
        for (var length = 0; length < header.Length; length++)
        {
            var status = ProxyProtocolParser.TryParse(header.AsSpan(0, length), ProxyProtocolParser.MaxV2Length, out _, out var error);

            Assert.True(status == PreambleStatus.NeedMoreData, $"prefix of {length} bytes gave {status}: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(ValidHeaders))]
    public void TryParse_HeaderFollowedByApplicationBytes_LengthIsExactlyTheHeader(byte[] header)
    {
        var stream = Concat(header, "\r\n\r\nPROXY \r\n"u8.ToArray(), Signature);

        var status = ProxyProtocolParser.TryParse(stream, ProxyProtocolParser.MaxV2Length, out var parsed, out _);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Equal(header.Length, parsed.Length);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("PROXZ TCP4")]
    [InlineData("proxy TCP4")]
    [InlineData("\r\n\r\n\r")]
    [InlineData("\u0016\u0003\u0001\u0002\u0000")]
    [InlineData("X")]
    public void TryParse_NeitherSignature_NotPresent(string text)
    {
        var status = ProxyProtocolParser.TryParse(Encoding.Latin1.GetBytes(text), ProxyProtocolParser.MaxV2Length, out var header, out var error);

        Assert.Equal(PreambleStatus.NotPresent, status);
        Assert.Null(error);
        Assert.Equal(default, header);
    }

    [Fact]
    public void TryParse_V2SignatureWithWrongLastByte_NotPresent()
    {
        var bytes = Signature;
        bytes[11] = 0x0B;

        Assert.Equal(PreambleStatus.NotPresent, ProxyProtocolParser.TryParse(bytes, ProxyProtocolParser.MaxV2Length, out _, out _));
    }
}
