using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Remote.Transport;
using Google.Protobuf;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

/// <summary>The framing of one control socket pair, seen from a raw peer on the other end.</summary>
public sealed class SocketPairAssociationTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private static readonly Address s_local = new(SocketPairTransport.Scheme, "local", "localhost", 1);
    private static readonly Address s_remote = new(SocketPairTransport.Scheme, "remote", "localhost", 2);
    private readonly Socket _peer;
    private readonly SocketPairAssociation _association;
    private readonly Recorder _events = new();

    public SocketPairAssociationTests()
    {
        var (ours, theirs) = ControlSocketPair.Create();
        _peer = new Socket(new SafeSocketHandle(theirs, ownsHandle: true));
        _association = new SocketPairAssociation(ours, s_local, s_remote, maxFrame: 1000, announce: null);
        _association.ReadHandlerSource.SetResult(_events);
    }

    [Fact]
    public async Task Frames_WrittenInPieces_ArriveWhole()
    {
        var frames = Frame([1, 2, 3]).Concat(Frame(new byte[900])).Concat(Frame([])).ToArray();
        foreach (var piece in frames.Chunk(7))
        {
            await _peer.SendAsync(piece);
        }

        var payloads = await _events.PayloadsAsync(3);
        Assert.Equal([1, 2, 3], payloads[0]);
        Assert.Equal(900, payloads[1].Length);
        Assert.Empty(payloads[2]);
    }

    [Fact]
    public async Task Write_SendsLengthPrefixedFramesInOrder()
    {
        for (byte i = 0; i < 100; i++)
        {
            Assert.True(_association.Write(ByteString.CopyFrom(i, i)));
        }

        var received = new byte[100 * 6];
        var total = 0;
        using var cancel = new CancellationTokenSource(s_wait);
        while (total < received.Length)
        {
            total += await _peer.ReceiveAsync(received.AsMemory(total), SocketFlags.None, cancel.Token);
        }

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(received.AsSpan(i * 6)));
            Assert.Equal((byte)i, received[(i * 6) + 4]);
        }
    }

    [Fact]
    public async Task OversizedFrame_EndsTheAssociationOnce()
    {
        await _peer.SendAsync(Frame(new byte[1001]));

        await _association.Closed.WaitAsync(s_wait);
        Assert.Single(_events.All, e => e is Disassociated);
        Assert.Empty(_events.All.OfType<InboundPayload>());
    }

    [Fact]
    public async Task PeerCloses_EndsTheAssociationOnce()
    {
        _peer.Dispose();

        await _association.Closed.WaitAsync(s_wait);
        _association.Disassociate("asked again after the peer closed", Akka.Event.NoLogger.Instance);
        Assert.Single(_events.All, e => e is Disassociated);
        Assert.False(_association.Write(ByteString.CopyFrom(1)));
    }

    public void Dispose()
    {
        _peer.Dispose();
        _association.Disassociate("the test is over", Akka.Event.NoLogger.Instance);
    }

    private static byte[] Frame(byte[] payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    private sealed class Recorder : IHandleEventListener
    {
        private readonly ConcurrentQueue<IHandleEvent> _events = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IHandleEvent[] All => _events.ToArray();

        public void Notify(IHandleEvent ev)
        {
            _events.Enqueue(ev);
            _arrived.Release();
        }

        public async Task<byte[][]> PayloadsAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _arrived.WaitAsync(s_wait), $"only {i} of {count} events arrived");
            }

            return _events.OfType<InboundPayload>().Select(p => p.Payload.ToByteArray()).ToArray();
        }
    }
}
