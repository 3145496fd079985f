using System.Net;
using System.Text;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Preamble;
using StickyActors.Routing;

namespace StickyActors.Tests.Preamble;

/// <summary>RFC 9112 §2.2: empty lines before a request line are ignored, not answered 400.</summary>
public sealed class LeadingEmptyLineTests
{
    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n")]
    public void TryFindEnd_LeadingEmptyLines_ParsedWithThemInTheLength(string leading)
    {
        var head = Encoding.ASCII.GetBytes(leading + "GET / HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(PreambleStatus.Parsed, HttpRequestHead.TryFindEnd(head, 8192, out var length, out var error));
        Assert.Null(error);
        Assert.Equal(head.Length, length);
        Assert.Equal(PreambleStatus.NeedMoreData, HttpRequestHead.TryFindEnd(head.AsSpan(0, leading.Length), 8192, out _, out _));
    }

    [Fact]
    public void Step_LeadingCrlfBeforeARequestWithACookieKey_RoutesByTheCookieAndReplaysWithoutTheEmptyLine()
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon("sticky-actors.affinity { key = cookie, name = sid }"));
        var keys = new AffinityKeyPolicy(settings.Affinity, settings.Routing.HashSeed);
        var peer = ClientAddress.FromEndPoint(IPEndPoint.Parse("127.0.0.1:5000"));
        var plain = new PreambleMachine(settings.Affinity, settings.Preamble, keys, peer, peerTrusted: false);
        var leading = new PreambleMachine(settings.Affinity, settings.Preamble, keys, peer, peerTrusted: false);
        var request = "GET / HTTP/1.1\r\nHost: x\r\nCookie: sid=abc\r\n\r\n"u8.ToArray();

        var expected = plain.Step(request);
        var decision = leading.Step([.. "\r\n"u8, .. request]);

        Assert.Equal(PreambleOutcome.Route, decision.Outcome);
        Assert.Equal(expected.Key, decision.Key);
        Assert.Equal(request, leading.Replay.ToArray());
    }
}
