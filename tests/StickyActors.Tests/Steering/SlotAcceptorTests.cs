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
}
