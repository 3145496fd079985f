using System.Net;
using System.Net.Sockets;
using StickyActors.Handoff;
using StickyActors.Preamble;
using static StickyActors.Tests.Preamble.ProxyV2Bytes;

namespace StickyActors.Tests.Preamble;

public sealed class ProxyV2ParserTests
{
    private static PreambleStatus Parse(byte[] bytes, out ProxyHeader header, out string? error, int max = ProxyProtocolParser.MaxV2Length) =>
        ProxyProtocolParser.TryParse(bytes, max, out header, out error);

    private static ClientAddress At(string address, int port) =>
        ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(address), port));

    [Theory]
    [InlineData(0x11)]
    [InlineData(0x12)]
    public void TryParse_ProxyOverIpv4_ReadsEndpointsAndExactLength(byte familyTransport)
    {
        var header = Header(0x21, familyTransport, Addresses("203.0.113.9", "192.0.2.1", 50000, 443));
        var stream = Concat(header, "GET / HTTP/1.1\r\n"u8.ToArray());

        var status = Parse(stream, out var parsed, out var error);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Null(error);
        Assert.Equal(new ProxyHeader(ProxyCommand.Proxy, At("203.0.113.9", 50000), At("192.0.2.1", 443), 16 + 12), parsed);
    }

    [Theory]
    [InlineData(0x21)]
    [InlineData(0x22)]
    public void TryParse_ProxyOverIpv6_ReadsEndpointsAndExactLength(byte familyTransport)
    {
        var header = Header(0x21, familyTransport, Addresses("2001:db8::7", "2001:db8::1", 1, 65535));

        var status = Parse(Concat(header, [0x16, 0x03, 0x01]), out var parsed, out _);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Equal(new ProxyHeader(ProxyCommand.Proxy, At("2001:db8::7", 1), At("2001:db8::1", 65535), 16 + 36), parsed);
    }

    [Fact]
    public void TryParse_Ipv4MappedIpv6Source_FoldsToIpv4()
    {
        var header = Header(0x21, 0x21, Addresses("::ffff:198.51.100.7", "::1", 1234, 80));

        Parse(header, out var parsed, out _);

        Assert.Equal(AddressFamily.InterNetwork, parsed.Source.Family);
        Assert.Equal(At("198.51.100.7", 1234), parsed.Source);
    }

    [Theory]
    [InlineData(0x00, 0)]
    [InlineData(0x11, 12)]
    [InlineData(0xFF, 7)]
    public void TryParse_Local_SourceNoneAndWholeBlockConsumed(byte familyTransport, int blockLength)
    {
        var header = Header(0x20, familyTransport, new byte[blockLength]);

        var status = Parse(Concat(header, [1, 2, 3]), out var parsed, out _);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Equal(new ProxyHeader(ProxyCommand.Local, ClientAddress.None, ClientAddress.None, 16 + blockLength), parsed);
    }

    [Theory]
    [InlineData(0x00, 0)]
    [InlineData(0x00, 5)]
    [InlineData(0x10, 12)]
    [InlineData(0x01, 3)]
    [InlineData(0x31, 216)]
    [InlineData(0x32, 216)]
    [InlineData(0x31, 216 + 4)]
    public void TryParse_UnspecOrUnixFamily_SourceNoneAndWholeBlockConsumed(byte familyTransport, int blockLength)
    {
        var block = blockLength == 216 + 4 ? Concat(new byte[216], Tlv(0x04, [9])) : new byte[blockLength];
        var header = Header(0x21, familyTransport, block);

        var status = Parse(Concat(header, [0xAA]), out var parsed, out _);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Equal(new ProxyHeader(ProxyCommand.Proxy, ClientAddress.None, ClientAddress.None, 16 + blockLength), parsed);
    }

    [Fact]
    public void TryParse_Tlvs_SkippedButCountedInLength()
    {
        var header = Header(
            0x21,
            0x11,
            Addresses("203.0.113.9", "192.0.2.1", 50000, 443),
            Tlv(0x01, "h2"u8.ToArray()),
            Tlv(0x04, []),
            Tlv(0x05, new byte[128]));

        var status = Parse(Concat(header, "payload"u8.ToArray()), out var parsed, out _);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Equal(16 + 12 + 5 + 3 + 131, parsed.Length);
        Assert.Equal(At("203.0.113.9", 50000), parsed.Source);
    }

    [Theory]
    [InlineData(0x11, 0x11, 12, "version")]
    [InlineData(0x31, 0x11, 12, "version")]
    [InlineData(0x01, 0x11, 12, "version")]
    [InlineData(0x22, 0x11, 12, "command")]
    [InlineData(0x2F, 0x11, 12, "command")]
    [InlineData(0x21, 0x41, 12, "family")]
    [InlineData(0x21, 0x13, 12, "family")]
    [InlineData(0x21, 0x11, 11, "shorter")]
    [InlineData(0x21, 0x12, 0, "shorter")]
    [InlineData(0x21, 0x21, 35, "shorter")]
    [InlineData(0x21, 0x31, 215, "shorter")]
    [InlineData(0x21, 0x11, 12 + 2, "TLV")]
    public void TryParse_MalformedHeader_InvalidWithReason(byte versionCommand, byte familyTransport, int blockLength, string reason)
    {
        var status = Parse(Header(versionCommand, familyTransport, new byte[blockLength]), out var parsed, out var error);

        Assert.Equal(PreambleStatus.Invalid, status);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Equal(default, parsed);
    }

    [Fact]
    public void TryParse_TlvLongerThanTheHeader_Invalid()
    {
        var tlv = Tlv(0x02, "example.com"u8.ToArray())[..6];
        var header = Header(0x21, 0x11, Addresses("203.0.113.9", "192.0.2.1", 1, 2), tlv);

        Assert.Equal(PreambleStatus.Invalid, Parse(Concat(header, new byte[64]), out _, out var error));
        Assert.Contains("TLV", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_DeclaredLengthAboveCap_InvalidAsSoonAsTheLengthArrives()
    {
        var header = Header(0x21, 0x11, Addresses("203.0.113.9", "192.0.2.1", 1, 2), Tlv(0x04, new byte[100]));

        Assert.Equal(PreambleStatus.Invalid, Parse(header[..16], out _, out var error, max: 64));
        Assert.Contains("maximum", error, StringComparison.Ordinal);
        Assert.Equal(PreambleStatus.Parsed, Parse(header, out var parsed, out _, max: header.Length));
        Assert.Equal(header.Length, parsed.Length);
    }

    [Fact]
    public void TryParse_BadVersionInThirteenthByte_InvalidBeforeTheLengthArrives()
    {
        var header = Header(0x11, 0x11, new byte[12]);

        Assert.Equal(PreambleStatus.Invalid, Parse(header[..13], out _, out _));
    }
}
