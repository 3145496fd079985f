using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using StickyActors.Handoff;
using StickyActors.Listening.Steering;
using StickyActors.Worker;

namespace StickyActors.Tests.Steering;

/// <summary>
/// The worker's own accept loop under kernel steering: what it passes on must be what the handoff
/// path would have given (the true client endpoint, the master's bucket, the session held open).
/// </summary>
public sealed class SlotAcceptorTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    /// <param name="loopback">The listener's address; <c>::ffff:127.0.0.1</c> is a dual-mode IPv6 socket that IPv4 clients reach.</param>
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Accepted_FromManySources_EachCarriesItsClientEndPointAndTheMastersBucketAndHoldsItsSession(string loopback)
    {
        var listenAddress = IPAddress.Parse(loopback);
        var address = listenAddress.IsIPv4MappedToIPv6 ? listenAddress.MapToIPv4() : listenAddress;
        var key = new SlotKey(Buckets: 1024, Seed: 0x5EED_0000_1234_ABCDUL, Prefix: false, Ipv4Prefix: 32, Ipv6Prefix: 128);
        var sources = address.AddressFamily == AddressFamily.InterNetwork
            ? Enumerable.Range(1, 20).Select(i => IPAddress.Parse($"127.0.61.{i}")).ToArray()
            : [IPAddress.IPv6Loopback];
        using var listener = new Socket(listenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (listenAddress.IsIPv4MappedToIPv6)
        {
            listener.DualMode = true;
        }

        listener.Bind(new IPEndPoint(listenAddress, 0));
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        listener.Listen(64);
        var channel = Channel.CreateUnbounded<StickyConnection>();
        using var sessions = new BucketSessions(1024, TimeSpan.FromMinutes(1), new FakeTimeProvider(), _ => { });
        using var acceptor = new SlotAcceptor(listener, key, channel.Writer, sessions);
        acceptor.Start();

        using var timeout = new CancellationTokenSource(s_timeout);
        var clients = new List<Socket>();
        var accepted = new List<StickyConnection>();
        try
        {
            foreach (var source in sources)
            {
                var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(client);
                client.Bind(new IPEndPoint(source, 0));
                await client.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
                var connection = await channel.Reader.ReadAsync(timeout.Token);
                accepted.Add(connection);

                // As the client sees itself: an IPv4 client of a dual-mode socket is not shown mapped.
                var local = (IPEndPoint)client.LocalEndPoint!;
                Assert.Equal(local, connection.RemoteEndPoint);
                Assert.Equal(local.AddressFamily, connection.RemoteEndPoint!.AddressFamily);
                var bucket = key.BucketOf(ClientAddress.FromEndPoint(local));
                Assert.Contains(bucket, sessions.OpenBuckets());
            }

            Assert.Equal(sources.Length, acceptor.Accepted);
            var expected = sources.Select(s => key.BucketOf(ClientAddress.FromEndPoint(new IPEndPoint(s, 0)))).Distinct().Order();
            Assert.Equal(expected, sessions.OpenBuckets());

            foreach (var connection in accepted)
            {
                connection.Dispose();
            }

            Assert.Empty(sessions.OpenBuckets());
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var connection in accepted)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>
    /// A draining worker stops its slot acceptor while connections keep arriving, then completes its
    /// connection channel. Each of 40 rounds gives one acceptor its own copy of a shared listening
    /// socket (as the master's SCM_RIGHTS copy is): every connection it accepted must be in the
    /// channel once Dispose returned (none written after the channel completed, which resets the
    /// client), and closing its copy must leave the shared socket listening for the next one.
    /// </summary>
    [Fact]
    public async Task Dispose_WhileConnectionsArrive_EveryAcceptedConnectionIsInTheChannelAndTheSharedSocketStillListens()
    {
        const int F_DUPFD_CLOEXEC = 1030;
        var key = new SlotKey(Buckets: 1024, Seed: 7, Prefix: false, Ipv4Prefix: 32, Ipv6Prefix: 128);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        using var stop = new CancellationTokenSource();
        var refused = 0;
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    using var timeout = new CancellationTokenSource(s_timeout);
                    await client.ConnectAsync(endPoint, timeout.Token);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })).ToArray();

        var lost = 0;
        long acceptedInAll = 0;
        try
        {
            // Every copy has a number of its own: .NET's epoll keeps a closed copy's registration
            // while the socket lives on in other descriptors, so a reused number would not register.
            var copies = Enumerable.Range(0, 40).Select(_ => StickyActors.Interop.Libc.Fcntl((int)listener.Handle, F_DUPFD_CLOEXEC, 0)).ToArray();
            Assert.All(copies, copy => Assert.True(copy >= 0));
            for (var round = 0; round < copies.Length; round++)
            {
                var copy = copies[round];
                var channel = Channel.CreateUnbounded<StickyConnection>();
                var acceptor = new SlotAcceptor(new Socket(new SafeSocketHandle(copy, ownsHandle: true)), key, channel.Writer, sessions: null);
                acceptor.Start();
                using var roundTimeout = new CancellationTokenSource(s_timeout);
                while (acceptor.Accepted < 20 + round)
                {
                    Assert.False(roundTimeout.IsCancellationRequested, $"round {round}: {acceptor.Accepted} accepted, {refused} refused");
                    await Task.Delay(1);
                }

                acceptor.Dispose();
                channel.Writer.TryComplete();
                var inChannel = 0;
                await foreach (var connection in channel.Reader.ReadAllAsync())
                {
                    connection.Dispose();
                    inChannel++;
                }

                lost += (int)acceptor.Accepted - inChannel;
                acceptedInAll += acceptor.Accepted;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }

        Assert.Equal(0, lost);
        Assert.Equal(0, refused);
        Assert.True(acceptedInAll >= 40 * 20, $"{acceptedInAll} accepted");
    }
}
