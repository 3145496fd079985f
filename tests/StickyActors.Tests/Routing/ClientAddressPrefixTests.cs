using System.Net;
using System.Net.Sockets;
using StickyActors.Handoff;
using StickyActors.Routing;

namespace StickyActors.Tests.Routing;

public sealed class ClientAddressPrefixTests
{
    private static ClientAddress At(string address, int port = 443) =>
        ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(address), port));

    [Fact]
    public void MaskTo_Ipv6AddressesInOne64_MapEqual()
    {
        var a = At("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 1000).MaskTo(24, 64);
        var b = At("2001:db8:1:2::1", 2000).MaskTo(24, 64);

        Assert.Equal(a, b);
        Assert.Equal(At("2001:db8:1:2::", 0), a);
    }

    [Fact]
    public void MaskTo_Ipv6AddressesInNeighbouring64s_MapDifferent()
    {
        Assert.NotEqual(At("2001:db8:1:2::1").MaskTo(24, 64), At("2001:db8:1:3::1").MaskTo(24, 64));
    }

    [Fact]
    public void MaskTo_Ipv4Slash32_KeepsAddressAndZeroesPort()
    {
        var masked = At("203.0.113.77", 5555).MaskTo(32, 64);

        Assert.Equal(At("203.0.113.77", 0), masked);
    }

    [Theory]
    [InlineData(24, "203.0.113.0")]
    [InlineData(20, "203.0.112.0")]
    [InlineData(1, "128.0.0.0")]
    [InlineData(0, "0.0.0.0")]
    public void MaskTo_Ipv4Prefix_ZeroesHostBits(int bits, string expected)
    {
        var masked = At("203.0.113.77").MaskTo(bits, 64);

        Assert.Equal(AddressFamily.InterNetwork, masked.Family);
        Assert.Equal(At(expected, 0), masked);
    }

    [Theory]
    [InlineData(128, "2001:db8::ffff:1")]
    [InlineData(112, "2001:db8::ffff:0")]
    [InlineData(48, "2001:db8::")]
    [InlineData(0, "::")]
    public void MaskTo_Ipv6Prefix_ZeroesHostBits(int bits, string expected)
    {
        var masked = At("2001:db8::ffff:1").MaskTo(32, bits);

        Assert.Equal(AddressFamily.InterNetworkV6, masked.Family);
        Assert.Equal(new ClientAddress(AddressFamily.InterNetworkV6, At(expected).High, At(expected).Low, 0), masked);
    }

    [Fact]
    public void MaskTo_None_StaysNone()
    {
        Assert.True(ClientAddress.None.MaskTo(24, 64).IsNone);
    }

    [Theory]
    [InlineData(-1, 64)]
    [InlineData(33, 64)]
    [InlineData(24, -1)]
    [InlineData(24, 129)]
    public void MaskTo_PrefixOutOfRange_Throws(int ipv4Bits, int ipv6Bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => At("10.0.0.1").MaskTo(ipv4Bits, ipv6Bits));
    }

    [Theory]
    [InlineData("10.1.2.3", "10.0.0.0/8", true)]
    [InlineData("11.1.2.3", "10.0.0.0/8", false)]
    [InlineData("10.1.2.3", "::ffff:10.0.0.0/104", true)]
    [InlineData("::ffff:10.1.2.3", "10.0.0.0/8", true)]
    [InlineData("10.1.2.3", "0.0.0.0/0", true)]
    [InlineData("2001:db8::1", "0.0.0.0/0", false)]
    [InlineData("2001:db8::1", "2001:db8::/32", true)]
    [InlineData("2001:db9::1", "2001:db8::/32", false)]
    [InlineData("2001:db8::1", "2001:db8::1/128", true)]
    [InlineData("2001:db8::2", "2001:db8::1/128", false)]
    [InlineData("10.1.2.3", "2001:db8::/32", false)]
    public void IsIn_Network_MatchesPrefix(string address, string network, bool expected)
    {
        Assert.Equal(expected, At(address).IsIn(IPNetwork.Parse(network)));
    }

    [Fact]
    public void IsIn_None_IsInNoNetwork()
    {
        Assert.False(ClientAddress.None.IsIn(IPNetwork.Parse("::/0")));
    }
}
