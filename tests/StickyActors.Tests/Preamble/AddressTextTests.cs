using System.Net;
using System.Text;
using StickyActors.Handoff;
using StickyActors.Preamble;

namespace StickyActors.Tests.Preamble;

public sealed class AddressTextTests
{
    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("1::")]
    [InlineData("2001:db8::8:800:200c:417a")]
    [InlineData("2001:DB8:0:0:8:800:200C:417A")]
    [InlineData("fe80::1:2:3:4:5:6")]
    [InlineData("1:2:3:4:5:6:7::")]
    [InlineData("::2:3:4:5:6:7:8")]
    [InlineData("::ffff:192.0.2.1")]
    [InlineData("::192.0.2.1")]
    [InlineData("64:ff9b::192.0.2.33")]
    [InlineData("1:2:3:4:5:6:192.0.2.1")]
    public void TryParseIPv6_Rfc4291Forms_MatchesIPAddressParse(string text)
    {
        Assert.True(AddressText.TryParseIPv6(Encoding.ASCII.GetBytes(text), 7, out var address));
        Assert.Equal(ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(text), 7)), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData(":::")]
    [InlineData(":1::")]
    [InlineData("1:")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7:8::")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1::2::3")]
    [InlineData("12345::")]
    [InlineData("g::")]
    [InlineData("::192.0.2.1:1")]
    [InlineData("1:2:3:4:5:6:7:192.0.2.1")]
    [InlineData("::192.0.2.256")]
    [InlineData("::1%1")]
    [InlineData("192.0.2.1")]
    public void TryParseIPv6_Malformed_False(string text)
    {
        Assert.False(AddressText.TryParseIPv6(Encoding.ASCII.GetBytes(text), 0, out var address));
        Assert.True(address.IsNone);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("192.0.2.1")]
    public void TryParseIPv4_DottedQuad_MatchesIPAddressParse(string text)
    {
        Assert.True(AddressText.TryParseIPv4(Encoding.ASCII.GetBytes(text), 9, out var address));
        Assert.Equal(ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(text), 9)), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.")]
    [InlineData(".1.2.3")]
    [InlineData("1..2.3")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.256")]
    [InlineData("1.2.3.-4")]
    [InlineData("1.2.3.4 ")]
    [InlineData("0x1.2.3.4")]
    public void TryParseIPv4_Malformed_False(string text)
    {
        Assert.False(AddressText.TryParseIPv4(Encoding.ASCII.GetBytes(text), 0, out _));
    }

    [Theory]
    [InlineData("0", true, 0)]
    [InlineData("65535", true, 65535)]
    [InlineData("65536", false, 0)]
    [InlineData("00", false, 0)]
    [InlineData("080", false, 0)]
    [InlineData("", false, 0)]
    [InlineData("+1", false, 0)]
    [InlineData("123456", false, 0)]
    public void TryParsePort_Decimal_OnlyCanonical0To65535(string text, bool ok, int expected)
    {
        Assert.Equal(ok, AddressText.TryParsePort(Encoding.ASCII.GetBytes(text), out var port));
        Assert.Equal(expected, ok ? port : 0);
    }
}
