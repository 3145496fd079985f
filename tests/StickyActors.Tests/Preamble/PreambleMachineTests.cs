using System.Net;
using System.Text;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Preamble;
using StickyActors.Routing;

namespace StickyActors.Tests.Preamble;

public sealed class PreambleMachineTests
{
    private static readonly ClientAddress s_balancer = ClientAddress.FromEndPoint(IPEndPoint.Parse("127.0.0.1:50000"));
    private static readonly ClientAddress s_stranger = ClientAddress.FromEndPoint(IPEndPoint.Parse("198.51.100.9:50000"));

    [Fact]
    public void Step_V1HeaderThenApplicationBytes_ConsumesExactlyTheHeaderAndRoutesAsItsSource()
    {
        var machine = Machine("listen.proxy-protocol = required", s_balancer);
        var header = "PROXY TCP4 203.0.113.5 192.0.2.1 41000 80\r\n"u8.ToArray();
        var bytes = header.Concat("GET / HTTP/1.1\r\n"u8.ToArray()).ToArray();

        var decision = machine.Step(bytes);

        Assert.Equal(PreambleOutcome.Route, decision.Outcome);
        Assert.Equal(header.Length, decision.Consume);
        Assert.Equal(IPEndPoint.Parse("203.0.113.5:41000"), decision.Client.ToEndPoint());
        Assert.True(machine.Replay.IsEmpty);
    }

    [Fact]
    public void Step_V2HeaderSplitAcrossReads_ConsumesEachPartAndRoutes()
    {
        var machine = Machine("listen.proxy-protocol = required", s_balancer);
        byte[] header =
        [
            0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
            0x21, 0x11, 0x00, 0x0C, 203, 0, 113, 77, 192, 0, 2, 1, 0x1F, 0x90, 0x00, 0x50,
        ];

        var first = machine.Step(header.AsSpan(0, 10));
        var second = machine.Step(header.AsSpan(10).ToArray().Concat("GET"u8.ToArray()).ToArray());

        Assert.Equal((10, PreambleOutcome.ReadMore), (first.Consume, first.Outcome));
        Assert.Equal((header.Length - 10, PreambleOutcome.Route), (second.Consume, second.Outcome));
        Assert.Equal(IPEndPoint.Parse("203.0.113.77:8080"), second.Client.ToEndPoint());
    }

    [Fact]
    public void Step_RequiredButAbsent_RejectsMissingHeader()
    {
        var decision = Machine("listen.proxy-protocol = required", s_balancer).Step("GET / HTTP/1.1\r\n"u8);

        Assert.Equal((PreambleOutcome.Reject, PreambleRejection.MissingProxyHeader), (decision.Outcome, decision.Rejection));
    }

    [Fact]
    public void Step_OptionalAndAbsent_RoutesByThePeerConsumingNothing()
    {
        var decision = Machine("listen.proxy-protocol = optional", s_balancer).Step("GET / HTTP/1.1\r\n"u8);

        Assert.Equal((0, PreambleOutcome.Route), (decision.Consume, decision.Outcome));
        Assert.Equal(s_balancer, decision.Client);
    }

    [Fact]
    public void Step_HeaderFromUntrustedPeer_IsRejected()
    {
        var optional = Machine("listen.proxy-protocol = optional", s_stranger).Step("PROXY TCP4 10.0.0.1 10.0.0.2 1 2\r\n"u8);
        var required = Machine("listen.proxy-protocol = required", s_stranger).Initial();

        Assert.Equal(PreambleRejection.UntrustedProxy, optional.Rejection);
        Assert.Equal(PreambleOutcome.Reject, optional.Outcome);
        Assert.Equal(PreambleRejection.UntrustedProxy, required!.Value.Rejection);
    }

    [Fact]
    public void Step_MalformedHeader_IsRejectedWithoutConsuming()
    {
        var decision = Machine("listen.proxy-protocol = required", s_balancer).Step("PROXY TCP4 not-an-ip 192.0.2.1 1 2\r\n"u8);

        Assert.Equal((0, PreambleOutcome.Reject, PreambleRejection.MalformedProxyHeader), (decision.Consume, decision.Outcome, decision.Rejection));
    }

    [Fact]
    public void Step_CookieKey_SameCookieFromDifferentAddresses_SameKeyAndWholeHeadReplayed()
    {
        const string config = """
            affinity { key = cookie, name = sid }
            """;
        var request = "GET /chat HTTP/1.1\r\nHost: x\r\nCookie: theme=dark; sid=abc123\r\n\r\n"u8.ToArray();
        var a = Machine(config, s_balancer);
        var b = Machine(config, s_stranger);

        var fromA = a.Step(request);
        var fromB = b.Step(request);

        Assert.Equal(PreambleOutcome.Route, fromA.Outcome);
        Assert.Equal(fromA.Key, fromB.Key);
        Assert.Equal(request.Length, fromA.Consume);
        Assert.Equal(request, a.Replay.ToArray());
        Assert.Equal(s_stranger, fromB.Client);
    }

    [Fact]
    public void Step_CookieKeyAbsent_FallsBackToTheClientIp()
    {
        const string config = "affinity { key = cookie, name = sid }";
        var withoutCookie = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray();

        var fromA = Machine(config, s_balancer).Step(withoutCookie);
        var fromAAgain = Machine(config, s_balancer).Step(withoutCookie);
        var fromB = Machine(config, s_stranger).Step(withoutCookie);

        Assert.Equal(fromA.Key, fromAAgain.Key);
        Assert.NotEqual(fromA.Key, fromB.Key);
    }

    [Fact]
    public void Step_HeadInPieces_ReadsMoreUntilTheBlankLine()
    {
        var machine = Machine("affinity { key = query, name = session }", s_balancer);

        var first = machine.Step("GET /poll?session=42&x=1 HTTP/1.1\r\nHo"u8);
        var second = machine.Step("st: x\r\n\r\n"u8);

        Assert.Equal(PreambleOutcome.ReadMore, first.Outcome);
        Assert.Equal(PreambleOutcome.Route, second.Outcome);
        Assert.Equal(Machine("affinity { key = query, name = session }", s_stranger).Step("GET /other?session=42 HTTP/1.1\r\n\r\n"u8).Key, second.Key);
    }

    [Fact]
    public void Step_NonHttpBytesWhereHttpIsExpected_Rejects400()
    {
        var decision = Machine("affinity { key = header, name = X-Session }", s_balancer).Step("\x16\x03\x01\x02\x00\x01\x00"u8);

        Assert.Equal((PreambleOutcome.Reject, PreambleRejection.MalformedRequest), (decision.Outcome, decision.Rejection));
        Assert.True(decision.Answer400);
    }

    [Fact]
    public void Step_HeadLargerThanTheLimit_RejectsAsTooLarge()
    {
        var machine = Machine("affinity { key = header, name = X-Session }\npreamble.max-request-head = 256", s_balancer);
        var big = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nX-Pad: " + new string('a', 400));

        var decision = machine.Step(big);

        Assert.Equal(PreambleRejection.RequestHeadTooLarge, decision.Rejection);
    }

    [Fact]
    public void Step_ForwardedForKey_UsesTheRightMostUntrustedHop()
    {
        const string config = """
            affinity { key = header, name = X-Forwarded-For }
            listen.trusted-proxies = ["10.0.0.0/8"]
            """;
        var viaTwoProxies = "GET / HTTP/1.1\r\nX-Forwarded-For: 198.51.100.1, 203.0.113.9, 10.1.1.1\r\n\r\n"u8;
        var direct = "GET / HTTP/1.1\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n"u8;

        Assert.Equal(Machine(config, s_balancer).Step(direct).Key, Machine(config, s_stranger).Step(viaTwoProxies).Key);
    }

    [Fact]
    public void Step_IpPrefix_Ipv6AddressesInOneSlash64_ShareAKey()
    {
        const string config = "affinity.key = ip-prefix";
        var a = ClientAddress.FromEndPoint(IPEndPoint.Parse("[2001:db8:1:2:aaaa::1]:1"));
        var b = ClientAddress.FromEndPoint(IPEndPoint.Parse("[2001:db8:1:2:bbbb::9]:2"));
        var other = ClientAddress.FromEndPoint(IPEndPoint.Parse("[2001:db8:1:3::1]:1"));

        var keyA = Machine(config, a).Step([]).Key;

        Assert.Equal(keyA, Machine(config, b).Step([]).Key);
        Assert.NotEqual(keyA, Machine(config, other).Step([]).Key);
    }

    private static PreambleMachine Machine(string hocon, ClientAddress peer)
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon("sticky-actors {\n" + hocon + "\n}"));
        var keys = new AffinityKeyPolicy(settings.Affinity, settings.Routing.HashSeed);
        var trusted = settings.Affinity.TrustedProxies.Any(n => peer.IsIn(n));
        return new PreambleMachine(settings.Affinity, settings.Preamble, keys, peer, trusted);
    }
}
