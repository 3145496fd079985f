using System.Net;
using StickyActors.Preamble;
using StickyActors.Routing;
using static StickyActors.Tests.Preamble.ProxyV2Bytes;

namespace StickyActors.Tests.Preamble;

public sealed class PreambleAllocationTests
{
    private static readonly byte[] V1 = "PROXY TCP6 2001:db8::1 ::ffff:192.0.2.1 56324 443\r\nGET"u8.ToArray();
    private static readonly byte[] V1Bad = "PROXY TCP4 192.168.0.01 192.168.0.11 56324 443\r\n"u8.ToArray();
    private static readonly byte[] V2 = Header(0x21, 0x21, Addresses("2001:db8::7", "2001:db8::1", 1, 2), Tlv(0x01, [0x68, 0x32]));
    private static readonly byte[] Head = "GET /a?sid=q HTTP/1.1\r\nHost: x\r\nCookie: a=1; sid=c\r\nX-Forwarded-For: 203.0.113.7, 10.0.0.1\r\n\r\n"u8.ToArray();
    private static readonly List<IPNetwork> Trusted = [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("fd00::/8")];

    [Fact]
    public void Parsers_WarmedUp_AllocateNothing()
    {
        Assert.True(RunAll());
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ok = true;
        for (var i = 0; i < 100; i++)
        {
            ok &= RunAll();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(ok);
        Assert.Equal(0, allocated);
    }

    /// <summary>Every call on the hot path once; no assertions inside, as they may allocate.</summary>
    private static bool RunAll()
    {
        var ok = ProxyProtocolParser.TryParse(V1, ProxyProtocolParser.MaxV2Length, out _, out _) == PreambleStatus.Parsed;
        ok &= ProxyProtocolParser.TryParse(V1Bad, ProxyProtocolParser.MaxV2Length, out _, out _) == PreambleStatus.Invalid;
        ok &= ProxyProtocolParser.TryParse(V2, ProxyProtocolParser.MaxV2Length, out _, out _) == PreambleStatus.Parsed;
        ok &= HttpRequestHead.TryFindEnd(Head, 8192, out _, out _) == PreambleStatus.Parsed;
        ok &= HttpRequestHead.TryGetKey(Head, AffinityKeyKind.Cookie, "sid"u8, out _);
        ok &= HttpRequestHead.TryGetKey(Head, AffinityKeyKind.QueryParameter, "sid"u8, out _);
        ok &= HttpRequestHead.TryGetKey(Head, AffinityKeyKind.Header, "x-forwarded-for"u8, out var xff);
        ok &= ForwardedFor.TryPickClient(Head.AsSpan()[xff], Trusted, out _);
        return ok & KeyHash.HashKey(Head, 1) != 0;
    }
}
