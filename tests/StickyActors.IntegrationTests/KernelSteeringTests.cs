using System.Net;
using System.Net.Sockets;
using StickyActors.Handoff;
using StickyActors.Configuration;
using StickyActors.Listening.Steering;
using StickyActors.Routing;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Kernel steering (<c>listen.steering = kernel</c>): the SO_REUSEPORT group and its classic BPF
/// program in the real kernel, and real master and worker processes steered by it.
/// </summary>
public sealed class KernelSteeringTests
{
    private const ulong DefaultSeed = 1469598103934665603;

    [Fact]
    public async Task KernelSteering_ManySourceAddresses_EachReachesTheWorkerTheMasterComputesAndTheMasterAcceptsNone()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, "sticky-actors.listen.steering = kernel");
        var balanced = await StickinessTests.WaitBalancedAsync(cluster);
        Assert.True(cluster.Output.Contains("Connection steering: kernel"), cluster.Output.ToString());
        var before = await cluster.StatusAsync();
        var sources = HttpProbe.Sources(block: 16, count: 120);

        var first = await StickinessTests.MapAsync(cluster, sources);
        var second = await StickinessTests.MapAsync(cluster, sources);

        Assert.Equal(first, second);
        var snapshot = RoutingSnapshot.Empty(1024, 2, DefaultSeed);
        foreach (var (source, worker) in first)
        {
            var bucket = snapshot.BucketOf(ClientAddress.FromEndPoint(new IPEndPoint(source, 0)));
            Assert.True(bucket % 2 == worker, $"{source}: bucket {bucket} (home worker {bucket % 2}) answered by worker {worker}");
        }

        Assert.All(first.Values.GroupBy(w => w), g => Assert.InRange(g.Count(), 30, 90));
        Assert.Equal(before.Accepted, (await cluster.StatusAsync()).Accepted);

        // What the master never saw, the workers count and report with their next pongs.
        var counted = await cluster.WaitForStatusAsync(s => s.Steered >= before.Steered + (2 * sources.Length), TimeSpan.FromSeconds(30));
        Assert.Equal(before.Accepted, counted.Accepted);
        Assert.True(balanced.Workers.All(w => w.State == "Running"), balanced.Raw);
    }

    [Fact]
    public async Task SlotGroup_ProgramReplaced400TimesUnderConnections_NoConnectionRefusedAndEachLandsWhereAProgramSaid()
    {
        var settings = new ListenSettings(IPAddress.Loopback, 0, 4096, 1);
        using var group = SlotGroup.Open(settings, 2, 2);
        var port = group.EndPoint.Port;
        var programs = new[] { 0, 1 }.Select(slot => SteeringProgram.Generate(Enumerable.Repeat(slot, 1024).ToArray(), 2, DefaultSeed, 32, 128)!).ToArray();
        Assert.Equal(0, group.Attach(programs[0]));
        var counts = new long[2];
        using var stop = new CancellationTokenSource();
        var acceptors = Enumerable.Range(0, 2).Select(slot => AcceptAllAsync(group[slot], () => Interlocked.Increment(ref counts[slot]), stop.Token)).ToArray();

        var failures = 0;
        var connected = 0;
        var clients = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            var sources = HttpProbe.Sources(block: 40 + c, count: 200);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(sources[i % sources.Length], 0));
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
                    Interlocked.Increment(ref connected);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        for (var round = 1; round <= 400; round++)
        {
            Assert.Equal(0, group.Attach(programs[round % 2]));
            await Task.Delay(5);
        }

        // The last program sends everything to slot 0: once it is in, slot 1 receives nothing more.
        await Task.Delay(200);
        var slot1 = Interlocked.Read(ref counts[1]);
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Equal(0, failures);
        Assert.True(connected > 1000, $"only {connected} connections");
        Assert.True(counts[0] > 0 && counts[1] > 0, $"{counts[0]} / {counts[1]}");
        Assert.Equal(slot1, Interlocked.Read(ref counts[1]));
        foreach (var socket in group.Snapshot())
        {
            socket.Dispose();
        }

        await Task.WhenAll(acceptors);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void SlotGroup_RandomTablesInTheRealKernel_EachConnectionLandsOnTheSlotTheMasterComputes(string loopback)
    {
        var address = IPAddress.Parse(loopback);
        using var group = SlotGroup.Open(new ListenSettings(address, 0, 128, 1), 4, 4);
        var port = group.EndPoint.Port;
        foreach (var socket in group.Snapshot())
        {
            socket.Blocking = false;
        }

        var random = new Random(11);
        var sources = address.AddressFamily == AddressFamily.InterNetwork ? HttpProbe.Sources(block: 50, count: 40) : [IPAddress.IPv6Loopback];
        var snapshot = RoutingSnapshot.Empty(1024, 4, DefaultSeed);
        var checkedConnections = 0;
        for (var round = 0; round < 10; round++)
        {
            var table = Enumerable.Range(0, 1024).Select(_ => random.Next(4)).ToArray();
            Assert.Equal(0, group.Attach(SteeringProgram.Generate(table, 4, DefaultSeed, 32, 128)!));
            foreach (var source in sources)
            {
                using var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                client.Bind(new IPEndPoint(source, 0));
                client.Connect(new IPEndPoint(address, port));
                var expected = table[snapshot.BucketOf(ClientAddress.FromEndPoint(new IPEndPoint(source, 0)))];
                Assert.Equal(expected, AcceptingSlot(group));
                checkedConnections++;
            }
        }

        Assert.Equal(10 * sources.Length, checkedConnections);
    }

    [Fact]
    public void SlotGroup_GrownByOneAtRunTime_TheNewSocketIsTheNextIndexAndTheOthersKeepTheirs()
    {
        var address = IPAddress.Loopback;
        using var group = SlotGroup.Open(new ListenSettings(address, 0, 128, 1), 2, 3);
        var port = group.EndPoint.Port;
        var sources = HttpProbe.Sources(block: 51, count: 60);
        var snapshot = RoutingSnapshot.Empty(1024, 3, DefaultSeed);
        var random = new Random(5);
        var table = Enumerable.Range(0, 1024).Select(_ => random.Next(3)).ToArray();

        // The third socket joins the group at its end: a program naming index 2 reaches it, and 0 and 1 are still the first two.
        group.EnsureCount(3);
        Assert.Equal(3, group.Count);
        Assert.Equal(group.EndPoint, group[2].LocalEndPoint);
        Assert.Equal(0, group.Attach(SteeringProgram.Generate(table, 3, DefaultSeed, 32, 128)!));
        var landed = new int[3];
        foreach (var source in sources)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Bind(new IPEndPoint(source, 0));
            client.Connect(new IPEndPoint(address, port));
            var expected = table[snapshot.BucketOf(ClientAddress.FromEndPoint(new IPEndPoint(source, 0)))];
            var slot = AcceptingSlot(group);
            Assert.Equal(expected, slot);
            landed[slot]++;
        }

        Assert.All(landed, count => Assert.True(count > 0, string.Join("/", landed)));

        // Full: no fourth socket.
        Assert.Throws<IOException>(() => group.EnsureCount(4));
    }

    /// <summary>
    /// A second master of the same user on the same port (started twice by mistake) must fail as it
    /// does under master steering, not join the first one's SO_REUSEPORT group and renumber its slots.
    /// </summary>
    [Fact]
    public void SlotGroup_OnAPortAlreadyListenedOn_FailsInsteadOfJoiningTheGroup()
    {
        using var first = SlotGroup.Open(new ListenSettings(IPAddress.Loopback, 0, 128, 1), 2, 2);
        var taken = new ListenSettings(IPAddress.Loopback, first.EndPoint.Port, 128, 1);
        var error = Assert.Throws<IOException>(() => SlotGroup.Open(taken, 2, 2));
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);

        using var plain = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        plain.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        plain.Listen();
        Assert.Throws<IOException>(() => SlotGroup.Open(new ListenSettings(IPAddress.Loopback, ((IPEndPoint)plain.LocalEndPoint!).Port, 128, 1), 2, 2));
    }

    /// <summary>The slot whose socket holds the one pending connection (accepted and closed).</summary>
    private static int AcceptingSlot(SlotGroup group)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            for (var slot = 0; slot < group.Count; slot++)
            {
                if (group[slot].Poll(TimeSpan.FromMilliseconds(10), SelectMode.SelectRead))
                {
                    group[slot].Accept().Dispose();
                    return slot;
                }
            }
        }

        return -1;
    }

    private static async Task AcceptAllAsync(Socket listener, Action accepted, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = await listener.AcceptAsync(stop);
                accepted();
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }
}
