using System.Net;
using System.Text;
using StickyActors.Handoff;
using StickyActors.Preamble;

namespace StickyActors.Tests.Preamble;

public sealed class ForwardedForTests
{
    private static readonly IPNetwork[] Proxies =
    [
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("fd00::/8"),
        IPNetwork.Parse("192.0.2.10/32"),
    ];

    private static ClientAddress? Pick(string value, IReadOnlyList<IPNetwork>? trusted = null) =>
        ForwardedFor.TryPickClient(Encoding.Latin1.GetBytes(value), trusted ?? Proxies, out var client) ? client : null;

    private static ClientAddress At(string address, int port = 0) =>
        ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(address), port));

    [Fact]
    public void TryPickClient_SingleUntrustedAddress_ThatAddress()
    {
        Assert.Equal(At("203.0.113.7"), Pick("203.0.113.7", []));
    }

    [Fact]
    public void TryPickClient_TrustedProxiesOnTheRight_Skipped()
    {
        Assert.Equal(At("203.0.113.7"), Pick("203.0.113.7, 10.1.2.3, 192.0.2.10, fd00::1"));
    }

    [Fact]
    public void TryPickClient_SeveralUntrusted_RightMostWins()
    {
        Assert.Equal(At("203.0.113.7"), Pick("198.51.100.1, 203.0.113.7, 10.0.0.2"));
    }

    [Fact]
    public void TryPickClient_NoTrustedNetworks_RightMostEntry()
    {
        Assert.Equal(At("10.0.0.2"), Pick("198.51.100.1, 10.0.0.2", []));
    }

    [Fact]
    public void TryPickClient_TrustedNeighbourOfTrustedHost_NotSkipped()
    {
        Assert.Equal(At("192.0.2.11"), Pick("203.0.113.7, 192.0.2.11, 192.0.2.10"));
    }

    [Fact]
    public void TryPickClient_Ipv4MappedTrustedAddress_Skipped()
    {
        Assert.Equal(At("203.0.113.7"), Pick("203.0.113.7, ::ffff:10.9.9.9"));
    }

    [Theory]
    [InlineData("203.0.113.7:8080", "203.0.113.7", 8080)]
    [InlineData("[2001:db8::1]:443", "2001:db8::1", 443)]
    [InlineData("[2001:db8::1]", "2001:db8::1", 0)]
    [InlineData("2001:db8::1", "2001:db8::1", 0)]
    [InlineData(" \t203.0.113.7 \t", "203.0.113.7", 0)]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7", 0)]
    public void TryPickClient_AddressForms_Parsed(string value, string address, int port)
    {
        Assert.Equal(At(address, port), Pick(value));
    }

    [Fact]
    public void TryPickClient_GarbageEntries_SkippedLikeProxies()
    {
        var value = "198.51.100.1, 203.0.113.7, unknown, _hidden, 300.1.1.1, 1.2.3.4:99999, [2001:db8::1, [::1]x, 01.2.3.4, , 10.0.0.1";

        Assert.Equal(At("203.0.113.7"), Pick(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(",,,")]
    [InlineData("unknown")]
    [InlineData("10.0.0.1, fd00::2, 192.0.2.10")]
    [InlineData("garbage, 10.0.0.1")]
    public void TryPickClient_NoUntrustedAddress_False(string value)
    {
        Assert.Null(Pick(value));
    }
}
