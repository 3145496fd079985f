using System.Net;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Preamble;
using StickyActors.Routing;
using static StickyActors.Tests.Preamble.ProxyV2Bytes;

namespace StickyActors.Tests.Preamble;

/// <summary>
/// PROXY v2 headers with the large TLVs cloud balancers send (hundreds of bytes, kilobytes) are
/// accepted up to the format's own limit (16 + 65535 bytes), whatever the affinity key.
/// </summary>
public sealed class LargeProxyV2Tests
{
    private static readonly ClientAddress s_balancer = ClientAddress.FromEndPoint(IPEndPoint.Parse("127.0.0.1:50000"));

    [Theory]
    [InlineData(200)]
    [InlineData(4096)]
    [InlineData(ushort.MaxValue - 36 - 3)]
    public void Step_V2WithALargeTlvInOneRead_ClientIpKey_ConsumesExactlyTheHeaderAndRoutesAsItsSource(int tlvLength)
    {
        var machine = Machine("listen.proxy-protocol = required");
        var header = LargeHeader(tlvLength);

        var decision = machine.Step(header.Concat("GET / HTTP/1.1\r\n"u8.ToArray()).ToArray());

        Assert.Equal((header.Length, PreambleOutcome.Route), (decision.Consume, decision.Outcome));
        Assert.Equal(IPEndPoint.Parse("[2001:db8::7]:4242"), decision.Client.ToEndPoint());
        Assert.True(machine.Replay.IsEmpty);
    }

    [Theory]
    [InlineData("listen.proxy-protocol = required", 200)]
    [InlineData("listen.proxy-protocol = required", 4096)]
    [InlineData("listen.proxy-protocol = optional", 4096)]
    [InlineData("listen.proxy-protocol = required\naffinity { key = cookie, name = sid }", 16_000)]
    public void Step_V2WithALargeTlvInPieces_ConsumesEveryPieceAndRoutes(string hocon, int tlvLength)
    {
        var machine = Machine(hocon);
        var header = LargeHeader(tlvLength);
        var request = "GET / HTTP/1.1\r\nHost: x\r\nCookie: sid=abc\r\n\r\n"u8.ToArray();
        var stream = header.Concat(request).ToArray();
        var offset = 0;
        PreambleDecision decision;
        var steps = 0;

        // A client that sends 100 bytes at a time; each step sees what is still on the socket.
        do
        {
            var available = Math.Min(stream.Length, offset + 100 + (steps * 37)) - offset;
            decision = machine.Step(stream.AsSpan(offset, available));
            offset += decision.Consume;
            steps++;
        }
        while (decision.Outcome == PreambleOutcome.ReadMore && steps < 10_000);

        Assert.Equal(PreambleOutcome.Route, decision.Outcome);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::7]:4242"), decision.Client.ToEndPoint());
        var replayed = machine.Replay.ToArray().Concat(stream.AsSpan(offset).ToArray()).ToArray();
        Assert.Equal(request, replayed);
    }

    [Fact]
    public void Step_V2DeclaringMoreThanItSendsThenGarbageTlv_IsRejectedAsMalformed()
    {
        var machine = Machine("listen.proxy-protocol = required");
        var header = LargeHeader(4096);
        header[16 + 36 + 1] = 0xFF; // the TLV's length now overruns the declared block

        var decision = machine.Step(header);

        Assert.Equal((PreambleOutcome.Reject, PreambleRejection.MalformedProxyHeader), (decision.Outcome, decision.Rejection));
    }

    [Fact]
    public void Step_V2With4KbTlv_WarmedUp_AllocatesNothingBeyondTheMachine()
    {
        var header = LargeHeader(4096);
        var machines = Enumerable.Range(0, 101).Select(_ => Machine("listen.proxy-protocol = required")).ToArray();
        Assert.Equal(PreambleOutcome.ReadMore, machines[0].Step(header.AsSpan(0, 1000)).Outcome);
        Assert.Equal(PreambleOutcome.Route, machines[0].Step(header.AsSpan(1000)).Outcome);
        var ok = true;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < machines.Length; i++)
        {
            ok &= machines[i].Step(header.AsSpan(0, 1000)).Outcome == PreambleOutcome.ReadMore;
            ok &= machines[i].Step(header.AsSpan(1000)).Outcome == PreambleOutcome.Route;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(ok);
        Assert.Equal(0, allocated);
    }

    /// <summary>A v2 PROXY header (TCP over IPv6) with one TLV of <paramref name="tlvLength"/> bytes.</summary>
    private static byte[] LargeHeader(int tlvLength)
    {
        var value = new byte[tlvLength];
        new Random(tlvLength).NextBytes(value);
        return Header(0x21, 0x21, Addresses("2001:db8::7", "2001:db8::1", 4242, 443), Tlv(0xEA, value));
    }

    private static PreambleMachine Machine(string hocon)
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon("sticky-actors {\n" + hocon + "\n}"));
        var keys = new AffinityKeyPolicy(settings.Affinity, settings.Routing.HashSeed);
        return new PreambleMachine(settings.Affinity, settings.Preamble, keys, s_balancer, peerTrusted: true);
    }
}
