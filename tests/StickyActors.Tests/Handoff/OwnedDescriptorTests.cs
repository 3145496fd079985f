using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using StickyActors.Handoff;
using StickyActors.Interop;
using StickyActors.Routing;
using StickyActors.Worker;

namespace StickyActors.Tests.Handoff;

// These tests watch descriptor numbers being closed and given out again (the kernel gives the
// lowest free number): nothing else in this process may open or close any meanwhile.
[CollectionDefinition(nameof(OwnedDescriptorTests), DisableParallelization = true)]
[Collection(nameof(OwnedDescriptorTests))]
public sealed class OwnedDescriptorTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Close_OnEveryCopyAfterTheNumberWasReused_LeavesTheNewDescriptorOpen()
    {
        var fd = NewDescriptor();
        var owner = OwnedDescriptor.Adopt(fd);
        var copy = owner;

        owner.Close();
        Assert.False(IsOpen(fd));
        var reused = NewDescriptorNumbered(fd);
        owner.Close();
        copy.Close();

        Assert.True(IsOpen(reused), "a second Close closed the descriptor that reuses the number");
        Assert.False(copy.IsOwned);
        Assert.Equal(-1, copy.Number);
        OwnedDescriptor.Adopt(reused).Close();
        Assert.False(IsOpen(reused));
    }

    [Fact]
    public void Detach_ThenCloseOnACopy_LeavesTheDescriptorToItsNewOwner()
    {
        var fd = NewDescriptor();
        var owner = OwnedDescriptor.Adopt(fd);
        var copy = owner;

        Assert.Equal(fd, owner.Detach());
        copy.Close();

        Assert.True(IsOpen(fd));
        Assert.Equal(-1, copy.Detach());
        Libc.Close(fd);
    }

    [Fact]
    public void Default_Close_TouchesNoDescriptor()
    {
        var none = default(OwnedDescriptor);
        var stdinOpen = IsOpen(0);

        none.Close();

        Assert.Equal(-1, none.Number);
        Assert.Equal(-1, none.Detach());
        Assert.False(none.IsOwned);
        Assert.Equal(stdinOpen, IsOpen(0));
    }

    [Fact]
    public async Task HandOff_SentToWorker_MasterCopiesNeverCloseTheNumberAgain()
    {
        var (master, worker) = UnixSocketPair.Create();
        using var channel = new HandoffChannel(0, master, 16, _ => throw new InvalidOperationException("nothing to reroute"));
        using var receiver = new HandoffReceiver(worker, 16, _ => { });
        using var pair = LoopbackPair.Create();
        var connection = pair.Handoff();
        var fd = connection.Descriptor.Number;

        Assert.Equal(HandoffResult.Sent, channel.TryHandOff(connection));
        var reused = NewDescriptorNumbered(fd);
        connection.Close();
        connection.Close();

        Assert.True(IsOpen(reused), "the master closed its handed-off copy again, hitting the number's next descriptor");
        // The worker's side receives only now, so its descriptor cannot take the number meanwhile.
        receiver.Start();
        using var received = await receiver.Connections.ReadAsync().AsTask().WaitAsync(s_timeout);
        await received.Socket.SendAsync("pong"u8.ToArray());
        var buffer = new byte[4];
        var read = await pair.Client.ReceiveAsync(buffer).WaitAsync(s_timeout);
        Assert.Equal("pong", Encoding.ASCII.GetString(buffer, 0, read));
        Libc.Close(reused);
    }

    [Fact]
    public async Task Dispatch_NoWorkerAndNoRoomToWait_ClosesTheConnectionExactlyOnce()
    {
        var time = new FakeTimeProvider();
        var counters = new HandoffCounters(1);
        using var waiting = new NoWorkerQueue(0, TimeSpan.FromSeconds(10), time, counters.OnExpiredNoWorker);
        var dispatcher = new ConnectionDispatcher(new RoutingTableHolder(RoutingSnapshot.Empty(16, 1, seed: 1)), new BucketActivity(16, time), counters, waiting);
        using var pair = LoopbackPair.Create();
        var connection = pair.Handoff();
        var fd = connection.Descriptor.Number;

        dispatcher.Dispatch(connection);

        Assert.Equal(1, counters.ExpiredNoWorker);
        Assert.False(IsOpen(fd));
        var reused = NewDescriptorNumbered(fd);
        connection.Close();
        Assert.True(IsOpen(reused), "the connection given up was closed a second time");
        var read = await pair.Client.ReceiveAsync(new byte[16]).WaitAsync(s_timeout);
        Assert.Equal(0, read);
        Libc.Close(reused);
    }

    private static int NewDescriptor()
    {
        var fd = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        Assert.True(fd >= 0, $"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        return fd;
    }

    /// <summary>Opens descriptors until the kernel hands out <paramref name="number"/> again (the lowest free one); closes the others.</summary>
    private static int NewDescriptorNumbered(int number)
    {
        var others = new List<int>();
        try
        {
            for (var i = 0; i < 64; i++)
            {
                var fd = NewDescriptor();
                if (fd == number)
                {
                    return fd;
                }

                others.Add(fd);
            }

            Assert.Fail($"descriptor number {number} was not given out again");
            return -1;
        }
        finally
        {
            others.ForEach(o => Libc.Close(o));
        }
    }

    private static bool IsOpen(int fd) => Libc.Fcntl(fd, Libc.F_GETFD, 0) >= 0;
}
