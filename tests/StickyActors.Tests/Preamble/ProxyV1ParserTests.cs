using System.Net;
using System.Text;
using StickyActors.Handoff;
using StickyActors.Preamble;

namespace StickyActors.Tests.Preamble;

public sealed class ProxyV1ParserTests
{
    private static PreambleStatus Parse(string text, out ProxyHeader header, out string? error) =>
        ProxyProtocolParser.TryParse(Encoding.ASCII.GetBytes(text), ProxyProtocolParser.MaxV2Length, out header, out error);

    private static ClientAddress At(string address, int port) =>
        ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(address), port));

    [Fact]
    public void TryParse_SpecExampleBeforeHttpRequest_ParsesOnlyTheLine()
    {
        const string line = "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n";

        var status = Parse(line + "GET / HTTP/1.1\r\nHost: 192.168.0.11\r\n\r\n", out var header, out var error);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Null(error);
        Assert.Equal(new ProxyHeader(ProxyCommand.Proxy, At("192.168.0.1", 56324), At("192.168.0.11", 443), line.Length), header);
    }

    [Theory]
    [InlineData("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n", 56)]
    [InlineData("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n", 104)]
    [InlineData("PROXY UNKNOWN\r\n", 15)]
    [InlineData("PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n", 107)]
    public void TryParse_SpecMaximumLines_ParsedWithTheSpecLength(string line, int specLength)
    {
        var status = Parse(line + "payload", out var header, out _);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Equal(specLength, header.Length);
    }

    [Fact]
    public void TryParse_Tcp6Line_ReadsBothEndpoints()
    {
        var status = Parse("PROXY TCP6 2001:db8::1 2001:DB8:0:0:1::2 65535 0\r\n", out var header, out _);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Equal(At("2001:db8::1", 65535), header.Source);
        Assert.Equal(At("2001:db8:0:0:1:0:0:2", 0), header.Destination);
    }

    [Fact]
    public void TryParse_Tcp6Ipv4MappedSource_FoldsToIpv4()
    {
        var status = Parse("PROXY TCP6 ::ffff:198.51.100.7 ::1 1000 80\r\n", out var header, out _);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Equal(At("198.51.100.7", 1000), header.Source);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\r\n")]
    [InlineData("PROXY UNKNOWN 192.168.0.1 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY UNKNOWN anything at all, ignored\r\n")]
    public void TryParse_Unknown_SourceNoneAndLineConsumed(string line)
    {
        var status = Parse(line + "GET", out var header, out _);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.True(header.Source.IsNone);
        Assert.True(header.Destination.IsNone);
        Assert.Equal(line.Length, header.Length);
    }

    [Theory]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\rX")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11\t56324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.01 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP4 256.168.0.1 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1.5 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 65536 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 056324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 -1 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 99999\r\n")]
    [InlineData("PROXY TCP4 2001:db8::1 2001:db8::2 56324 443\r\n")]
    [InlineData("PROXY TCP6 192.168.0.1 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP6 2001:db8:::1 ::1 56324 443\r\n")]
    [InlineData("PROXY TCP6 2001:db8::1::2 ::1 56324 443\r\n")]
    [InlineData("PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 56324 443\r\n")]
    [InlineData("PROXY TCP6 12345::1 ::1 56324 443\r\n")]
    [InlineData("PROXY TCP6 fe80::1%eth0 ::1 56324 443\r\n")]
    [InlineData("PROXY TCP4  192.168.0.1 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 extra\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 \r\n")]
    [InlineData("PROXY TCP5 192.168.0.1 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY tcp4 192.168.0.1 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY UNKNOWNX\r\n")]
    [InlineData("PROXY\r\n")]
    [InlineData("PROXY \r\n")]
    [InlineData("PROXYTCP4 192.168.0.1 192.168.0.11 56324 443\r\n")]
    public void TryParse_MalformedLine_Invalid(string line)
    {
        var status = Parse(line, out var header, out var error);

        Assert.Equal(PreambleStatus.Invalid, status);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Equal(default, header);
    }

    [Fact]
    public void TryParse_NoCrlfWithin107Bytes_Invalid()
    {
        var text = "PROXY UNKNOWN ".PadRight(ProxyProtocolParser.MaxV1Length, 'a');

        Assert.Equal(PreambleStatus.NeedMoreData, Parse(text[..^1], out _, out _));
        Assert.Equal(PreambleStatus.Invalid, Parse(text, out _, out var error));
        Assert.Contains("107", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_CrlfEndingAtByte108_Invalid()
    {
        var line = "PROXY UNKNOWN ".PadRight(ProxyProtocolParser.MaxV1Length - 1, 'a') + "\r\n";

        Assert.Equal(108, line.Length);
        Assert.Equal(PreambleStatus.Invalid, Parse(line, out _, out _));
    }

    [Fact]
    public void TryParse_NonAsciiByteBeforeCrlf_InvalidWithoutWaitingForTheLine()
    {
        var bytes = "PROXY TCP4 1.2.3.4"u8.ToArray().Append((byte)0xC3).ToArray();

        Assert.Equal(PreambleStatus.Invalid, ProxyProtocolParser.TryParse(bytes, ProxyProtocolParser.MaxV2Length, out _, out _));
    }
}
