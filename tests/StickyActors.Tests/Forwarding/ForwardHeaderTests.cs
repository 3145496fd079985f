using System.Net;
using System.Security.Cryptography;
using StickyActors.Forwarding;
using StickyActors.Handoff;
using StickyActors.Tests.Preamble;

namespace StickyActors.Tests.Forwarding;

public sealed class ForwardHeaderTests
{
    private static readonly byte[] s_secret = "cluster-secret-of-thirty-two-by!"u8.ToArray();
    private static readonly byte[] s_nonce = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    [Fact]
    public void Write_Ipv4Client_MatchesHandBuiltBytes()
    {
        var route = new ForwardRoute(Client("203.0.113.7", 51000), 1234, 0x0102030405060708, Pinned: true);

        var written = Write(route, Client("10.0.0.2", 7000), s_nonce);

        var routeValue = new byte[] { 0x00, 0x00, 0x04, 0xD2, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01 };
        var unsigned = ProxyV2Bytes.Header(
            0x21,
            0x11,
            ProxyV2Bytes.Addresses("203.0.113.7", "10.0.0.2", 51000, 7000),
            ProxyV2Bytes.Tlv(0xE0, routeValue),
            ProxyV2Bytes.Tlv(0xE1, new byte[32]));
        var mac = HMACSHA256.HashData(s_secret, ProxyV2Bytes.Concat(s_nonce, unsigned));
        mac.CopyTo(unsigned, unsigned.Length - 32);
        Assert.Equal(unsigned, written);
    }

    [Fact]
    public void Read_Ipv4Header_RoundTrips()
    {
        var route = new ForwardRoute(Client("203.0.113.7", 51000), 1234, 0xFEDCBA9876543210, Pinned: false);

        var status = ForwardHeader.Read(Write(route, Client("10.0.0.2", 7000), s_nonce), s_nonce, s_secret, out var read, out _, out var rejection);

        Assert.Equal((ForwardHeaderStatus.Valid, ForwardRejection.None), (status, rejection));
        Assert.Equal(route, read);
    }

    [Fact]
    public void Read_Ipv6Header_RoundTripsWithTargetOfOtherFamilyAsZeros()
    {
        var route = new ForwardRoute(Client("2001:db8::42", 443), int.MaxValue, ulong.MaxValue, Pinned: true);

        var header = Write(route, Client("10.0.0.2", 7000), s_nonce);
        var status = ForwardHeader.Read(header, s_nonce, s_secret, out var read, out var consumed, out _);

        Assert.Equal(ForwardHeaderStatus.Valid, status);
        Assert.Equal(route, read);
        Assert.Equal(0x21, header[13]);
        Assert.Equal(header.Length, consumed);
        Assert.All(header.AsSpan(16 + 16, 16).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Read_FollowedByReplayBytes_ConsumesExactlyTheHeader()
    {
        var route = new ForwardRoute(Client("192.0.2.1", 1), 5, 6, Pinned: true);
        var header = Write(route, Client("10.0.0.2", 7000), s_nonce);
        var withReplay = ProxyV2Bytes.Concat(header, "GET / HTTP/1.1\r\n\r\n"u8.ToArray());

        var status = ForwardHeader.Read(withReplay, s_nonce, s_secret, out var read, out var consumed, out _);

        Assert.Equal(ForwardHeaderStatus.Valid, status);
        Assert.Equal(header.Length, consumed);
        Assert.Equal(header.Length, ForwardHeader.BytesNeeded(withReplay));
        Assert.Equal(route, read);
    }

    [Fact]
    public void Read_AnyByteTampered_Rejected()
    {
        var header = Write(new ForwardRoute(Client("192.0.2.1", 80), 7, 8, Pinned: false), Client("10.0.0.2", 7000), s_nonce);
        for (var i = 0; i < header.Length; i++)
        {
            var tampered = (byte[])header.Clone();
            tampered[i] ^= 0x01;

            // A flipped length byte can also declare a longer header, which then never completes.
            var status = ForwardHeader.Read(tampered, s_nonce, s_secret, out _, out var consumed, out _);

            Assert.True(status != ForwardHeaderStatus.Valid, $"byte {i} flipped still verified");
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void Read_WrongSecret_RejectedAsBadMac()
    {
        var header = Write(new ForwardRoute(Client("192.0.2.1", 80), 7, 8, Pinned: false), Client("10.0.0.2", 7000), s_nonce);

        var status = ForwardHeader.Read(header, s_nonce, "another-secret"u8, out _, out _, out var rejection);

        Assert.Equal((ForwardHeaderStatus.Rejected, ForwardRejection.BadMac), (status, rejection));
    }

    [Fact]
    public void Read_HeaderForOtherNonce_RejectedAsBadMac()
    {
        var header = Write(new ForwardRoute(Client("192.0.2.1", 80), 7, 8, Pinned: false), Client("10.0.0.2", 7000), s_nonce);
        var otherNonce = s_nonce.Reverse().ToArray();

        var status = ForwardHeader.Read(header, otherNonce, s_secret, out _, out _, out var rejection);

        Assert.Equal((ForwardHeaderStatus.Rejected, ForwardRejection.BadMac), (status, rejection));
    }

    [Fact]
    public void Read_LocalCommand_Rejected()
    {
        var header = ProxyV2Bytes.Header(0x20, 0x00);

        var status = ForwardHeader.Read(header, s_nonce, s_secret, out _, out _, out var rejection);

        Assert.Equal((ForwardHeaderStatus.Rejected, ForwardRejection.NotProxyCommand), (status, rejection));
    }

    [Fact]
    public void Read_ProxyHeaderWithoutForwardingTlvs_RejectedAsMissingRoute()
    {
        var header = ProxyV2Bytes.Header(0x21, 0x11, ProxyV2Bytes.Addresses("192.0.2.1", "10.0.0.2", 80, 7000));

        var status = ForwardHeader.Read(header, s_nonce, s_secret, out _, out _, out var rejection);

        Assert.Equal((ForwardHeaderStatus.Rejected, ForwardRejection.MissingRoute), (status, rejection));
    }

    [Fact]
    public void Read_RouteWithoutMac_RejectedAsMissingMac()
    {
        var header = ProxyV2Bytes.Header(0x21, 0x11, ProxyV2Bytes.Addresses("192.0.2.1", "10.0.0.2", 80, 7000), ProxyV2Bytes.Tlv(0xE0, new byte[13]));

        var status = ForwardHeader.Read(header, s_nonce, s_secret, out _, out _, out var rejection);

        Assert.Equal((ForwardHeaderStatus.Rejected, ForwardRejection.MissingMac), (status, rejection));
    }

    [Fact]
    public void Read_WrongSignature_Rejected()
    {
        var status = ForwardHeader.Read("GET / HTTP/1.1\r\n"u8, s_nonce, s_secret, out _, out _, out var rejection);

        Assert.Equal((ForwardHeaderStatus.Rejected, ForwardRejection.BadSignature), (status, rejection));
    }

    [Fact]
    public void Read_EveryTruncation_NeedsMoreData()
    {
        var header = Write(new ForwardRoute(Client("2001:db8::1", 80), 7, 8, Pinned: false), Client("2001:db8::2", 7000), s_nonce);
        for (var length = 0; length < header.Length; length++)
        {
            var status = ForwardHeader.Read(header.AsSpan(0, length), s_nonce, s_secret, out _, out var consumed, out _);

            Assert.Equal(ForwardHeaderStatus.NeedMoreData, status);
            Assert.Equal(0, consumed);
            Assert.True(ForwardHeader.BytesNeeded(header.AsSpan(0, length)) > length);
        }
    }

    [Fact]
    public void Read_DeclaredLengthOverOneKibibyte_RejectedAsTooLong()
    {
        var header = ProxyV2Bytes.Header(0x21, 0x11, new byte[ForwardHeader.MaxLength - 16 + 1]);

        var status = ForwardHeader.Read(header.AsSpan(0, 16), s_nonce, s_secret, out _, out _, out var rejection);

        Assert.Equal((ForwardHeaderStatus.Rejected, ForwardRejection.TooLong), (status, rejection));
    }

    [Fact]
    public void Read_TlvRunningPastTheEnd_RejectedAsMalformed()
    {
        var header = ProxyV2Bytes.Header(0x21, 0x11, ProxyV2Bytes.Addresses("192.0.2.1", "10.0.0.2", 80, 7000), [0xE0, 0x00, 0x0D, 0x00]);

        var status = ForwardHeader.Read(header, s_nonce, s_secret, out _, out _, out var rejection);

        Assert.Equal((ForwardHeaderStatus.Rejected, ForwardRejection.Malformed), (status, rejection));
    }

    [Fact]
    public void Challenge_Created_HasMagicAndFreshNonce()
    {
        var first = new byte[ForwardChallenge.Length];
        var second = new byte[ForwardChallenge.Length];

        ForwardChallenge.Create(first);
        ForwardChallenge.Create(second);

        Assert.True(ForwardChallenge.TryGetNonce(first, out var nonce));
        Assert.Equal(16, nonce.Length);
        Assert.Equal("SAF1"u8.ToArray(), first[..4]);
        Assert.NotEqual(first, second);
        Assert.False(ForwardChallenge.TryGetNonce("SAF2AAAAAAAAAAAAAAAA"u8, out _));
    }

    private static byte[] Write(ForwardRoute route, ClientAddress target, byte[] nonce)
    {
        var buffer = new byte[ForwardHeader.LengthFor(route.Client)];
        var length = ForwardHeader.Write(buffer, route, target, nonce, s_secret);
        Assert.Equal(buffer.Length, length);
        return buffer;
    }

    private static ClientAddress Client(string address, int port) => ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(address), port));
}
