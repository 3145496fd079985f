using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.IntegrationTests;

/// <summary>
/// The path of a connection from accept to a Kestrel worker: several accept threads, the preamble
/// reader's refusals, and held keep-alive connections while workers are replaced or drained.
/// </summary>
public sealed class TransportTests
{
    [Fact]
    public async Task AcceptThreads_FourUnderConcurrentClients_EveryConnectionServedAndEachClientSticks()
    {
        // Accept threads are the master's: under kernel steering each worker accepts for itself.
        await using var cluster = await HelloCluster.StartAsync(workers: 2, "sticky-actors.listen { accept-threads = 4, steering = master }");
        var before = await StickinessTests.WaitBalancedAsync(cluster);
        var threads = Directory.GetDirectories($"/proc/{cluster.MasterPid}/task")
            .Count(t => File.ReadAllText(Path.Combine(t, "comm")).StartsWith("sticky-accept-", StringComparison.Ordinal));
        var sources = HttpProbe.Sources(block: 60, count: 200);

        // Eight clients at once, each over its own 25 addresses, twice: 400 connections racing into four accept threads.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(loop => Task.Run(async () =>
        {
            var seen = new List<(IPAddress Source, HelloAnswer Answer)>();
            for (var round = 0; round < 2; round++)
            {
                foreach (var source in sources[(loop * 25)..((loop + 1) * 25)])
                {
                    seen.Add((source, await HttpProbe.GetAsync(source, cluster.Port, TimeSpan.FromSeconds(20))));
                }
            }

            return seen;
        })));
        var all = answers.SelectMany(a => a).ToArray();
        var after = await cluster.StatusAsync();

        Assert.Equal(4, threads);
        Assert.Equal(400, all.Length);
        Assert.All(all, a => Assert.Equal(200, a.Answer.Status));
        Assert.All(all.GroupBy(a => a.Source), g => Assert.Single(g.Select(a => a.Answer.WorkerId).Distinct()));
        Assert.Equal(2, all.Select(a => a.Answer.WorkerId).Distinct().Count());
        Assert.Equal(before.Accepted + 400, after.Accepted);
    }

    [Fact]
    public async Task PreambleReader_PastMaxPendingAndClientsThatCloseEarly_RefusedAtOnceAndCountedByReason()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 1, """
            sticky-actors.listen.proxy-protocol = required
            sticky-actors.preamble { max-pending = 4, timeout = 60s }
            """);
        var pending = new List<Socket>();
        var refused = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                pending.Add(await ConnectAsync(cluster.Port));
            }

            // The master has the four in preamble state once it counted their accepts.
            await cluster.WaitForStatusAsync(s => s.Accepted >= 4, TimeSpan.FromSeconds(20));
            for (var i = 0; i < 3; i++)
            {
                refused.Add(await ConnectAsync(cluster.Port));
            }

            // Closed long before the 60 s preamble timeout: refused, not timed out.
            var clock = Stopwatch.StartNew();
            foreach (var socket in refused)
            {
                Assert.Equal(0, await ReceiveOrResetAsync(socket, TimeSpan.FromSeconds(20)));
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"refusals took {clock.Elapsed}");
            var overloaded = await cluster.WaitForStatusAsync(s => s.Raw.Contains("\"Overloaded\":3", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
            Assert.DoesNotContain("\"ClosedEarly\"", overloaded.Raw, StringComparison.Ordinal);

            // Two of the pending clients give up half-way through a PROXY header, two without a byte.
            await pending[0].SendAsync("PROXY TCP4 203.0"u8.ToArray());
            await pending[1].SendAsync("PROXY TCP4 203.0"u8.ToArray());
            pending.ForEach(s => s.Shutdown(SocketShutdown.Send));
            var closed = await cluster.WaitForStatusAsync(s => s.Raw.Contains("\"ClosedEarly\":4", StringComparison.Ordinal), TimeSpan.FromSeconds(20));

            Assert.DoesNotContain("\"Timeout\"", closed.Raw, StringComparison.Ordinal);
            var proxied = ProxyHeaders.V1(IPAddress.Parse("203.0.113.60"), 1000)
                .Concat("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray()).ToArray();
            Assert.Equal(200, (await HttpProbe.SendAsync(IPAddress.Loopback, cluster.Port, proxied, TimeSpan.FromSeconds(20))).Status);
        }
        finally
        {
            pending.Concat(refused).ToList().ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task KeepAliveConnection_OtherWorkerKilledAndReplaced_KeepsServingOnTheSameWorker()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, """
            sticky-actors.workers.restart-backoff { min = 500ms, max = 1s }
            """);
        await StickinessTests.WaitBalancedAsync(cluster);
        var map = await StickinessTests.MapAsync(cluster, HttpProbe.Sources(block: 61, count: 20));
        var source = map.First(m => m.Value == 0).Key;
        var victim = (await cluster.StatusAsync()).Worker(1);
        using var held = await KeepAliveConnection.OpenAsync(source, cluster.Port);
        var first = await held.GetAsync();
        Assert.Equal(0, first.WorkerId);

        Signals.Kill(victim.Pid, Signals.SIGKILL);
        var answers = new List<HelloAnswer>();
        var replaced = cluster.WaitForStatusAsync(s => s.Worker(1).State == "Running" && s.Worker(1).Pid != victim.Pid, TimeSpan.FromSeconds(60));
        while (!replaced.IsCompleted)
        {
            answers.Add(await held.GetAsync());
            await Task.Delay(50);
        }

        await replaced;
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await held.GetAsync());
        }

        Assert.True(answers.Count >= 6, $"only {answers.Count} requests on the held connection");
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.All(answers, a => Assert.Equal(first.Pid, a.Pid));
    }

    [Fact]
    public async Task KestrelWorker_DrainedByARollingRestart_ClosesItsIdleKeepAliveConnectionCleanlyAndExits()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 1);
        var old = (await cluster.StatusAsync()).Worker(0);
        var oldProcess = OwnedProcess.Capture(old.Pid)!.Value;
        using var held = await KeepAliveConnection.OpenAsync(IPAddress.Parse("127.0.62.1"), cluster.Port);
        Assert.Equal(old.Pid, (await held.GetAsync()).Pid);

        // SIGHUP: a replacement takes the slot, then the master drains the old worker; its host
        // stops (stop-on-drain) and Kestrel closes the idle connection with a FIN, then the process exits.
        Signals.Kill(cluster.MasterPid, Signals.SIGHUP);

        Assert.True(await held.WaitForCloseAsync(TimeSpan.FromSeconds(60)), "the drained worker reset its idle keep-alive connection instead of closing it");
        var clock = Stopwatch.StartNew();
        while (oldProcess.IsAlive && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        Assert.False(oldProcess.IsAlive, "the drained worker did not exit");
        var after = await cluster.WaitForStatusAsync(s => s.Worker(0).State == "Running" && s.Worker(0).Pid != old.Pid, TimeSpan.FromSeconds(30));
        var answer = await HttpProbe.GetAsync(IPAddress.Parse("127.0.62.1"), cluster.Port, TimeSpan.FromSeconds(10));
        Assert.Equal(after.Worker(0).Pid, answer.Pid);
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    /// <summary>Bytes read before the server closed; 0 for a FIN or a reset.</summary>
    private static async Task<int> ReceiveOrResetAsync(Socket socket, TimeSpan timeout)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[16]).WaitAsync(timeout);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return 0;
        }
    }
}
