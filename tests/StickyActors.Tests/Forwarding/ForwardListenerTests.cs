using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StickyActors.Forwarding;
using StickyActors.Handoff;
using StickyActors.Routing;

namespace StickyActors.Tests.Forwarding;

public sealed class ForwardListenerTests
{
    private static readonly byte[] s_preamble = "PING"u8.ToArray();

    [Fact]
    public async Task Forward_OwnerRefusesConnections_FallbackGetsSameUsableConnection()
    {
        using var rig = new ForwardingRig();
        var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var refusing = new HostEntry("C", (IPEndPoint)closed.LocalEndPoint!, 1, IsSelf: false);
        closed.Dispose();
        var (client, accepted) = rig.ConnectClient(s_preamble);
        var fellBack = new TaskCompletionSource<AcceptedConnection>(TaskCreationOptions.RunContinuationsAsynchronously);

        rig.Relay.Forward(accepted, refusing, c => fellBack.SetResult(c));

        var back = await fellBack.Task.WaitAsync(ForwardingRig.Bound);
        Assert.Equal(accepted.Descriptor, back.Descriptor);
        Assert.True(back.Descriptor.IsOwned);
        Assert.Equal(s_preamble, back.Preamble.ToArray());
        Assert.Equal((1L, 0L), (rig.Counters.Snapshot().ForwardFailures, rig.Counters.Snapshot().ForwardedIn));
        var local = rig.AdoptSocket(back);
        client.Send("still here"u8);
        Assert.Equal("still here"u8.ToArray(), SocketAssert.ReceiveExactly(local, 10));
        local.Send("served locally"u8);
        Assert.Equal("served locally"u8.ToArray(), SocketAssert.ReceiveExactly(client, 14));
    }

    [Fact]
    public void Forward_OwnerHasOtherSecret_InboundRejectedAndClientReset()
    {
        using var rig = new ForwardingRig(ownerSecret: "not-the-secret-the-forwarder-has"u8.ToArray());
        var (client, accepted) = rig.ConnectClient(s_preamble);

        rig.Relay.Forward(accepted, rig.Owner, _ => Assert.Fail("fallback after the header was written"));

        SocketAssert.ReceivesReset(client);
        var counters = rig.Counters.Snapshot();
        Assert.Equal((1L, 0L, 0L), (counters.RejectedInbound, counters.ForwardedIn, counters.ForwardFailures));
        Assert.False(rig.Dispatched.Reader.TryRead(out _));
    }

    [Fact]
    public void Listener_PeerNotMember_ResetBeforeAnyChallenge()
    {
        using var rig = new ForwardingRig(isMember: _ => false);
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };

        stranger.Connect(rig.Owner.ForwardEndPoint);

        SocketAssert.ReceivesReset(stranger);
        Assert.Equal(1L, rig.Counters.Snapshot().RejectedInbound);
    }

    [Fact]
    public async Task Listener_SilentStranger_DroppedAfterHandshakeTimeoutWhileForwardsWork()
    {
        var timeout = TimeSpan.FromMilliseconds(400);
        using var rig = new ForwardingRig(handshakeTimeout: timeout);
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
        stranger.Connect(rig.Owner.ForwardEndPoint);
        var challenge = SocketAssert.ReceiveExactly(stranger, ForwardChallenge.Length);
        var watch = Stopwatch.StartNew();

        var (client, accepted) = rig.ConnectClient(s_preamble);
        rig.Relay.Forward(accepted, rig.Owner, _ => Assert.Fail("fallback"));
        var (_, owner) = await rig.NextDispatchedAsync();
        Assert.Equal(s_preamble, SocketAssert.ReceiveExactly(owner, s_preamble.Length));
        owner.Send("ok"u8);
        Assert.Equal("ok"u8.ToArray(), SocketAssert.ReceiveExactly(client, 2));

        SocketAssert.ReceivesReset(stranger);
        Assert.True(watch.Elapsed >= timeout - TimeSpan.FromMilliseconds(100), $"dropped after {watch.ElapsedMilliseconds} ms");
        Assert.Equal("SAF1"u8.ToArray(), challenge[..4]);
        Assert.Equal(1L, rig.Counters.Snapshot().RejectedInbound);
    }
}
