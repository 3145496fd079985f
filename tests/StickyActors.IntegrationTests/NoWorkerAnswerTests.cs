using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>Connections that wait while no worker is alive are answered when given up, not left hanging.</summary>
public sealed class NoWorkerAnswerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("header", "HTTP/1.1 503 Service Unavailable")]
    [InlineData("client-ip", "")]
    public async Task NoWorkerEverAlive_WaitingConnectionGivenUp_HttpKeyGets503OthersAreClosed(string key, string expected)
    {
        await using var cluster = HelloCluster.Launch(workers: 1, $$"""
            sticky-actors.workers.executable = "/bin/false"
            sticky-actors.workers.restart-backoff { min = 5s, max = 5s }
            sticky-actors.handoff.no-worker-timeout = 500ms
            sticky-actors.affinity { key = {{key}}, name = "X-Client" }
            """);
        var accepting = await cluster.Output.WaitForAsync(new Regex(@"accepting on 127\.0\.0\.1:(\d+)"), s_timeout);
        var port = int.Parse(accepting.Groups[1].Value, CultureInfo.InvariantCulture);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        await socket.SendAsync("GET / HTTP/1.1\r\nHost: x\r\nX-Client: alice\r\n\r\n"u8.ToArray(), cts.Token);
        var response = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, cts.Token)) > 0)
            {
                response.Write(buffer, 0, read);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset && expected.Length == 0)
        {
            // Closed with the request unread: the kernel resets instead of a clean end. Either is "closed".
        }

        var text = Encoding.ASCII.GetString(response.ToArray());
        if (expected.Length == 0)
        {
            Assert.Equal(string.Empty, text);
        }
        else
        {
            Assert.StartsWith(expected, text, StringComparison.Ordinal);
            Assert.Matches(@"\r\nRetry-After: \d+\r\n", text);
        }
    }
}
