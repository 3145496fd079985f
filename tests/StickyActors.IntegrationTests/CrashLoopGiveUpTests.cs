using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// <c>workers.crash-loop</c> with real processes: echo workers that throw at start
/// (<c>--fail-at-start</c>). A slot given up stops being relaunched, shows "GivenUp", and its clients
/// are served by the live worker; its trace reaches the master's log once, not at every exit; with
/// every slot given up, connections are answered at once; <c>stop-master</c> exits with code 69.
/// </summary>
public sealed class CrashLoopGiveUpTests
{
    private static readonly string s_echo = RepoPaths.TestAppDll("StickyActors.EchoApp");
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task WorkerThrowsAtStart_MaxExitsReached_SlotGivenUpAndTheOtherWorkerServesEveryClient()
    {
        await using var cluster = HelloCluster.Launch(workers: 2, """
            sticky-actors.workers {
              restart-backoff { min = 100ms, max = 200ms, random-factor = 0 }
              crash-loop.max-exits = 3
            }
            """, ["--fail-at-start", "1"], app: s_echo);

        var status = await cluster.WaitForStatusAsync(s => s.Worker(1).State == "GivenUp" && s.Worker(0).BucketsOwned == 1024, s_timeout);
        var launches = status.Worker(1).Restarts;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var later = await cluster.StatusAsync();

        Assert.Equal("Running", later.Worker(0).State);
        Assert.Equal("GivenUp", later.Worker(1).State);
        Assert.Equal(launches, later.Worker(1).Restarts);
        Assert.Contains("cannot start", later.Worker(1).LastError, StringComparison.Ordinal);
        var port = await PortAsync(cluster);
        foreach (var source in HttpProbe.Sources(block: 62, count: 16))
        {
            var answer = Assert.Single(await RawHttp.ExchangeAsync(source, port, ["GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray()]));
            Assert.Equal("0", answer.Header("X-Worker-Id"));
        }

        // 3 exits, one "given up" line, and the trace of the exception once (not at each exit). The
        // console logger writes behind the status line: wait for the last line first.
        await cluster.Output.WaitForAsync(new Regex("Worker 1 given up after"), s_timeout);
        var log = string.Join('\n', cluster.Output.Since(0));
        Assert.Equal(1, Count(log, "Worker 1 given up after 3 exits in a row"));
        Assert.Equal(1, Count(log, "[5004] Unhandled exception. System.InvalidOperationException: echo worker 1 cannot start"));
        Assert.Single(Regex.Matches(log, @"\[5004\]\s+at Program\.<Main>\(String\[\] args\)$", RegexOptions.Multiline));
        Assert.True(Count(log, "Worker 1 crash-looping") >= 1, log);
    }

    [Theory]
    [InlineData("http", "HTTP/1.1 503 Service Unavailable")]
    [InlineData("tcp", "")]
    public async Task EveryWorkerGivenUp_NewConnection_IsAnsweredAtOnceNotAfterTheNoWorkerTimeout(string protocol, string expected)
    {
        await using var cluster = HelloCluster.Launch(workers: 1, $$"""
            sticky-actors {
              listen.protocol = {{protocol}}
              workers.restart-backoff { min = 100ms, max = 200ms, random-factor = 0 }
              workers.crash-loop.max-exits = 2
              handoff.no-worker-timeout = 30s
            }
            """, ["--fail-at-start", "all"], app: s_echo);
        await cluster.WaitForStatusAsync(s => s.Worker(0).State == "GivenUp", s_timeout);
        var port = await PortAsync(cluster);

        var clock = Stopwatch.StartNew();
        var text = await ExchangeAsync(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        var elapsed = clock.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"answered after {elapsed} (the no-worker timeout is 30 s)");
        if (expected.Length == 0)
        {
            Assert.Equal(string.Empty, text);
        }
        else
        {
            Assert.StartsWith(expected, text, StringComparison.Ordinal);
            Assert.Matches(@"\r\nRetry-After: \d+\r\n", text);
        }

        Assert.True(cluster.Output.Contains("No worker slot is left"), cluster.Output.ToString());
    }

    [Fact]
    public async Task StopMaster_CrashLoopReachesMaxExits_MasterExitsWithCode69()
    {
        await using var cluster = HelloCluster.Launch(workers: 2, """
            sticky-actors.workers {
              restart-backoff { min = 100ms, max = 200ms, random-factor = 0 }
              crash-loop { max-exits = 3, on-limit = stop-master }
            }
            """, ["--fail-at-start", "1"], app: s_echo);

        using var timeout = new CancellationTokenSource(s_timeout);
        await cluster.Process.WaitForExitAsync(timeout.Token);

        Assert.Equal(69, cluster.Process.ExitCode);
        Assert.True(cluster.Output.Contains("stopping the master, exit code 69"), cluster.Output.ToString());
    }

    private static async Task<int> PortAsync(HelloCluster cluster)
    {
        var accepting = await cluster.Output.WaitForAsync(new Regex(@"accepting on 127\.0\.0\.1:(\d+)"), s_timeout);
        return int.Parse(accepting.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    /// <summary>Sends <paramref name="request"/> and reads until the master closes; a reset counts as closed.</summary>
    private static async Task<string> ExchangeAsync(int port, string request)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), cts.Token);
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
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        return Encoding.ASCII.GetString(response.ToArray());
    }
}
