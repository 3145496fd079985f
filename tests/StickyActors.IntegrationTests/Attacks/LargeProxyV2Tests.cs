using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace StickyActors.IntegrationTests.Attacks;

/// <summary>
/// A cloud balancer's PROXY v2 headers carry large TLVs (hundreds of bytes, kilobytes): the real
/// master accepts every valid one up to the format's limit (16 + 65535 bytes) with the client IP as
/// the key, in one write or dribbled in small pieces, and the worker sees the header's client.
/// </summary>
public sealed class LargeProxyV2Tests(ITestOutputHelper output)
{
    private const int MaxTlvForIpv4 = ushort.MaxValue - 12 - 3;

    [Fact]
    public async Task ProxyV2_LargeTlvsUpToTheSpecsLength_ServedAsTheHeadersClientAndSticky()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, "sticky-actors.listen.proxy-protocol = required");
        int[] lengths = [200, 4096, MaxTlvForIpv4];

        for (var i = 1; i <= 10; i++)
        {
            var client = IPAddress.Parse($"203.0.113.{i}");
            var small = await SendAsync(cluster.Port, Header(client, 0), pieceSize: 0);
            Assert.Equal((200, client.ToString()), (small.Status, small.ClientAddress));
            foreach (var length in lengths)
            {
                var whole = await SendAsync(cluster.Port, Header(client, length), pieceSize: 0);
                var dribbled = await SendAsync(cluster.Port, Header(client, length), pieceSize: length < 10_000 ? 97 : 4000);
                Assert.Equal((200, client.ToString(), small.WorkerId), (whole.Status, whole.ClientAddress, whole.WorkerId));
                Assert.Equal((200, client.ToString(), small.WorkerId), (dribbled.Status, dribbled.ClientAddress, dribbled.WorkerId));
            }
        }

        var status = await cluster.StatusAsync();
        output.WriteLine(status.Raw);
        Assert.DoesNotContain("MalformedProxyHeader", status.Raw, StringComparison.Ordinal);
    }

    /// <summary>Header and a GET, in one write or in pieces of <paramref name="pieceSize"/> bytes.</summary>
    private static async Task<HelloAnswer> SendAsync(int port, byte[] header, int pieceSize)
    {
        var bytes = header.Concat("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray()).ToArray();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        if (pieceSize == 0)
        {
            await socket.SendAsync(bytes, cts.Token);
        }
        else
        {
            for (var offset = 0; offset < bytes.Length; offset += pieceSize)
            {
                await socket.SendAsync(bytes.AsMemory(offset, Math.Min(pieceSize, bytes.Length - offset)), cts.Token);
                await Task.Delay(1, cts.Token); // pacing, so the master sees the header in separate reads
            }
        }

        var response = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, cts.Token)) > 0)
        {
            response.Write(buffer, 0, read);
        }

        return HelloAnswer.Parse(Encoding.ASCII.GetString(response.ToArray()));
    }

    /// <summary>A PROXY v2 header (TCP over IPv4) with, when <paramref name="tlvLength"/> is not 0, one TLV of that many bytes.</summary>
    private static byte[] Header(IPAddress client, int tlvLength)
    {
        var header = ProxyHeaders.V2(client, 40000).ToList();
        if (tlvLength > 0)
        {
            var value = new byte[tlvLength];
            Random.Shared.NextBytes(value);
            header.Add(0xEA);
            header.Add((byte)(tlvLength >> 8));
            header.Add((byte)tlvLength);
            header.AddRange(value);
            var blockLength = header.Count - 16;
            header[14] = (byte)(blockLength >> 8);
            header[15] = (byte)blockLength;
        }

        return header.ToArray();
    }
}
