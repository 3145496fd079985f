using System.Text;
using StickyActors.Handoff;
using StickyActors.Worker;

namespace StickyActors.Tests.Handoff;

public sealed class HandoffChannelTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TryHandOff_ToLiveReceiver_DeliversAWorkingSocketWithClientAndPreamble()
    {
        var (master, worker) = UnixSocketPair.Create();
        using var channel = new HandoffChannel(0, master, 16, _ => throw new InvalidOperationException("nothing to reroute"));
        using var receiver = new HandoffReceiver(worker, 16, _ => { });
        receiver.Start();
        using var pair = LoopbackPair.Create();

        Assert.Equal(HandoffResult.Sent, channel.TryHandOff(pair.Handoff("PRE"u8.ToArray())));
        using var connection = await ReadOneAsync(receiver);

        Assert.Equal(pair.Client.LocalEndPoint, connection.RemoteEndPoint);
        Assert.Equal("PRE"u8.ToArray(), connection.Preamble.ToArray());
        await connection.Socket.SendAsync("pong"u8.ToArray());
        var buffer = new byte[4];
        var read = await pair.Client.ReceiveAsync(buffer).WaitAsync(s_timeout);
        Assert.Equal("pong", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public void TryHandOff_MasterCopy_IsClosedAfterSend()
    {
        var (master, worker) = UnixSocketPair.Create();
        using var channel = new HandoffChannel(0, master, 16, _ => { });
        using var pair = LoopbackPair.Create();
        var connection = pair.Handoff();
        var fd = connection.Descriptor.Number;

        Assert.Equal(HandoffResult.Sent, channel.TryHandOff(connection));

        // The master's descriptor number is free again: fcntl on it fails with EBADF.
        Assert.Equal(-1, StickyActors.Interop.Libc.Fcntl(fd, StickyActors.Interop.Libc.F_GETFD, 0));
        Assert.False(connection.Descriptor.IsOwned);
        StickyActors.Interop.Libc.Close(worker);
    }

    [Fact]
    public void TryHandOff_WorkerEndClosed_ReportsDeadAndKeepsTheConnection()
    {
        var (master, worker) = UnixSocketPair.Create();
        using var channel = new HandoffChannel(0, master, 16, _ => { });
        var died = 0;
        channel.Died += () => Interlocked.Increment(ref died);
        StickyActors.Interop.Libc.Close(worker);
        using var pair = LoopbackPair.Create();
        var connection = pair.Handoff();

        Assert.Equal(HandoffResult.Dead, channel.TryHandOff(connection));

        Assert.False(channel.IsAlive);
        Assert.Equal(1, died);
        // Still open: the caller owns it and routes it again.
        Assert.True(connection.Descriptor.IsOwned);
        Assert.NotEqual(-1, StickyActors.Interop.Libc.Fcntl(connection.Descriptor.Number, StickyActors.Interop.Libc.F_GETFD, 0));
        connection.Close();
    }

    [Fact]
    public void TryHandOff_WorkerNotReading_QueuesThenOverflowsWithoutBlocking()
    {
        var (master, worker) = UnixSocketPair.Create();
        var channel = new HandoffChannel(0, master, capacity: 8, _ => { });
        var pairs = new List<LoopbackPair>();
        var results = new List<HandoffResult>();
        try
        {
            // The worker never reads: the kernel buffer fills, then the bounded queue, then overflow.
            for (var i = 0; i < 2000 && !results.Contains(HandoffResult.Overflow); i++)
            {
                var pair = LoopbackPair.Create();
                pairs.Add(pair);
                results.Add(channel.TryHandOff(pair.Handoff(new byte[1024])));
            }

            Assert.Contains(HandoffResult.Sent, results);
            Assert.Contains(HandoffResult.Queued, results);
            Assert.Equal(HandoffResult.Overflow, results[^1]);
            Assert.True(channel.IsAlive);
        }
        finally
        {
            channel.Dispose();
            StickyActors.Interop.Libc.Close(worker);
            pairs.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task Seal_AfterSends_ReceiverGetsEverythingThenEndOfStream()
    {
        var (master, worker) = UnixSocketPair.Create();
        using var channel = new HandoffChannel(0, master, 16, _ => { });
        using var receiver = new HandoffReceiver(worker, 64, _ => { });
        using var a = LoopbackPair.Create();
        using var b = LoopbackPair.Create();
        channel.TryHandOff(a.Handoff());
        channel.TryHandOff(b.Handoff());

        channel.Seal();
        receiver.Start();

        var received = new List<StickyConnection>();
        await foreach (var connection in receiver.Connections.ReadAllAsync().WithCancellation(new CancellationTokenSource(s_timeout).Token))
        {
            received.Add(connection);
        }

        Assert.Equal(2, received.Count);
        Assert.Equal(HandoffResult.Dead, channel.TryHandOff(default));
        received.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Dispose_WithQueuedConnections_ReroutesThemAll()
    {
        var (master, worker) = UnixSocketPair.Create();
        var rerouted = new List<AcceptedConnection>();
        var channel = new HandoffChannel(0, master, capacity: 4096, c => { lock (rerouted) { rerouted.Add(c); } });
        var pairs = new List<LoopbackPair>();
        var queued = 0;
        for (var i = 0; i < 2000 && queued < 5; i++)
        {
            var pair = LoopbackPair.Create();
            pairs.Add(pair);
            if (channel.TryHandOff(pair.Handoff(new byte[4096])) == HandoffResult.Queued)
            {
                queued++;
            }
        }

        await Task.Run(channel.Dispose).WaitAsync(s_timeout);

        Assert.True(queued > 0);
        Assert.True(rerouted.Count >= queued, $"queued {queued}, rerouted {rerouted.Count}");
        rerouted.ForEach(c => c.Close());
        StickyActors.Interop.Libc.Close(worker);
        pairs.ForEach(p => p.Dispose());
    }

    private static async Task<StickyConnection> ReadOneAsync(HandoffReceiver receiver) =>
        await receiver.Connections.ReadAsync().AsTask().WaitAsync(s_timeout);
}
