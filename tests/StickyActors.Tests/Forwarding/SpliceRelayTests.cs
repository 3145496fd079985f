using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using StickyActors.Handoff;
using Xunit.Abstractions;

namespace StickyActors.Tests.Forwarding;

public sealed class SpliceRelayTests(ITestOutputHelper output)
{
    private static readonly byte[] s_preamble = "GET /chat HTTP/1.1\r\nHost: x\r\n"u8.ToArray();

    [Fact]
    public async Task Forward_WithPreamble_OwnerSeesClientRouteThenPreambleAndStream()
    {
        using var rig = new ForwardingRig();
        var (client, accepted) = rig.ConnectClient(s_preamble, bucket: 4242, key: 0x0123456789ABCDEF);

        rig.Relay.Forward(accepted, rig.Owner, _ => Assert.Fail("fallback"));
        client.Send("Cookie: a=b\r\n\r\n"u8);
        var (connection, owner) = await rig.NextDispatchedAsync();

        Assert.Equal(ClientAddress.FromEndPoint((IPEndPoint)client.LocalEndPoint!), connection.Client);
        Assert.Equal((4242, 0x0123456789ABCDEFUL, true), (connection.Bucket, connection.Key, connection.Pinned));
        Assert.True(connection.Preamble.IsEmpty);
        Assert.True(owner.Blocking);
        Assert.Equal([.. s_preamble, .. "Cookie: a=b\r\n\r\n"u8], SocketAssert.ReceiveExactly(owner, s_preamble.Length + 15));
        owner.Send("HTTP/1.1 200 OK\r\n"u8);
        Assert.Equal("HTTP/1.1 200 OK\r\n"u8.ToArray(), SocketAssert.ReceiveExactly(client, 17));
        var counters = rig.Counters.Snapshot();
        Assert.Equal((1L, 1L, 0L, 0L), (counters.ForwardedOut, counters.ForwardedIn, counters.ForwardFailures, counters.RejectedInbound));
    }

    [Fact]
    public async Task Forward_EightMebibytesEachWay_ArriveIntact()
    {
        using var rig = new ForwardingRig();
        var (client, accepted) = rig.ConnectClient(s_preamble);
        var up = RandomNumberGenerator.GetBytes(8 << 20);
        var down = RandomNumberGenerator.GetBytes(8 << 20);
        var watch = Stopwatch.StartNew();

        rig.Relay.Forward(accepted, rig.Owner, _ => Assert.Fail("fallback"));
        var (_, owner) = await rig.NextDispatchedAsync();
        var sendUp = Task.Run(() => client.Send(up));
        var sendDown = Task.Run(() => owner.Send(down));
        var receivedUp = Task.Run(() => SocketAssert.ReceiveExactly(owner, s_preamble.Length + up.Length));
        var receivedDown = Task.Run(() => SocketAssert.ReceiveExactly(client, down.Length));
        await Task.WhenAll(sendUp, sendDown, receivedUp, receivedDown).WaitAsync(ForwardingRig.Bound);
        output.WriteLine($"8 MiB each way through the relay: {watch.ElapsedMilliseconds} ms");

        Assert.Equal(SHA256.HashData([.. s_preamble, .. up]), SHA256.HashData(await receivedUp));
        Assert.Equal(SHA256.HashData(down), SHA256.HashData(await receivedDown));
        var counters = rig.Counters.Snapshot();
        Assert.Equal((long)(s_preamble.Length + up.Length), counters.BytesClientToOwner);
        Assert.Equal((long)down.Length, counters.BytesOwnerToClient);
    }

    [Fact]
    public async Task Forward_SmallExchangesThenBulkThenSmall_EveryByteInOrderAndHalfCloseHolds()
    {
        using var rig = new ForwardingRig();
        var (client, owner) = await rig.RelayingPairAsync(s_preamble);
        var bulk = RandomNumberGenerator.GetBytes(4 << 20);

        for (var i = 0; i < 3; i++)
        {
            Exchange(client, owner, $"request {i}", $"response {i}");
        }

        var sendBulk = Task.Run(() => owner.Send(bulk));
        await Task.Delay(200); // the client reads nothing yet: its receive buffer fills and the relay's writes come up short
        var receivedBulk = Task.Run(() => SocketAssert.ReceiveExactly(client, bulk.Length));
        await Task.WhenAll(sendBulk, receivedBulk).WaitAsync(ForwardingRig.Bound);
        Assert.Equal(SHA256.HashData(bulk), SHA256.HashData(await receivedBulk));
        Exchange(client, owner, "request after the bulk", "response after the bulk");
        HalfCloseThenAnswer(client, owner);
    }

    [Fact]
    public async Task Forward_ClientShutsDownWrite_OwnerReadsEofAndCanStillSend()
    {
        using var rig = new ForwardingRig();
        var (client, owner) = await rig.RelayingPairAsync(s_preamble);

        HalfCloseThenAnswer(client, owner);
    }

    [Fact]
    public async Task Forward_OwnerShutsDownWrite_ClientReadsEofAndCanStillSend()
    {
        using var rig = new ForwardingRig();
        var (client, owner) = await rig.RelayingPairAsync(s_preamble);

        HalfCloseThenAnswer(owner, client);
    }

    /// <summary><paramref name="first"/> shuts down its sending side; the other reads EOF, can still answer, then closes its side too.</summary>
    private static void HalfCloseThenAnswer(Socket first, Socket second)
    {
        first.Shutdown(SocketShutdown.Send);
        SocketAssert.ReceivesEof(second);
        second.Send("after the EOF"u8);
        Assert.Equal("after the EOF"u8.ToArray(), SocketAssert.ReceiveExactly(first, 13));
        second.Shutdown(SocketShutdown.Send);
        SocketAssert.ReceivesEof(first);
    }

    [Fact]
    public async Task Forward_OwnerResets_ClientGetsConnectionReset()
    {
        using var rig = new ForwardingRig();
        var (client, owner) = await rig.RelayingPairAsync(s_preamble);

        owner.LingerState = new LingerOption(true, 0);
        owner.Close();

        SocketAssert.ReceivesReset(client);
    }

    [Fact]
    public async Task Forward_NoBytesForIdleTimeout_PairClosed()
    {
        var idle = TimeSpan.FromMilliseconds(300);
        using var rig = new ForwardingRig(idleTimeout: idle);
        var (client, owner) = await rig.RelayingPairAsync(s_preamble);
        owner.Send("x"u8);
        SocketAssert.ReceiveExactly(client, 1);
        var watch = Stopwatch.StartNew();

        SocketAssert.ReceivesEof(client);

        Assert.True(watch.Elapsed >= idle - TimeSpan.FromMilliseconds(50), $"closed after {watch.ElapsedMilliseconds} ms");
        SocketAssert.ReceivesEof(owner);
    }

    [Fact]
    public async Task CloseAllTo_LivePair_BothSidesReset()
    {
        using var rig = new ForwardingRig();
        var (client, owner) = await rig.RelayingPairAsync(s_preamble);

        rig.Relay.CloseAllTo("someone-else");
        rig.Relay.CloseAllTo(rig.Owner.Id);

        SocketAssert.ReceivesReset(client);
        SocketAssert.ReceivesReset(owner);
    }

    /// <summary>A request from <paramref name="client"/> and its response from <paramref name="owner"/>, each asserted to arrive whole.</summary>
    private static void Exchange(Socket client, Socket owner, string request, string response)
    {
        client.Send(Encoding.ASCII.GetBytes(request));
        Assert.Equal(request, Encoding.ASCII.GetString(SocketAssert.ReceiveExactly(owner, request.Length)));
        owner.Send(Encoding.ASCII.GetBytes(response));
        Assert.Equal(response, Encoding.ASCII.GetString(SocketAssert.ReceiveExactly(client, response.Length)));
    }
}
