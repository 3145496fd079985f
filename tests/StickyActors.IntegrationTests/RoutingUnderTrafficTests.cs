using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using StickyActors.Interop;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Routing while clients never stop connecting: the traffic starts before the workers register and
/// goes on through a kill -9 and the replacement, from 500 source addresses.
/// </summary>
public sealed partial class RoutingUnderTrafficTests
{
    private const int Workers = 4;
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(40);

    [Theory]
    [InlineData("master")]
    [InlineData("kernel")]
    public async Task ColdStart_TrafficBeforeWorkersRegister_EachWorkerGetsItsShareAndNoClientMoves(string steering)
    {
        await using var cluster = HelloCluster.Launch(Workers, $"sticky-actors.listen.steering = {steering}");
        var port = await ListeningPortAsync(cluster);
        await using var traffic = new TrackedTraffic(port, FiveHundredSources(block: 70), loops: 25, s_pause, TimeSpan.FromSeconds(120));

        var running = await cluster.WaitForStatusAsync(s => s.Workers.Count(w => w.State == "Running") == Workers, TimeSpan.FromSeconds(60));
        var registered = traffic.Now;
        await Task.Delay(TimeSpan.FromSeconds(8));

        // Within 2 s after the last registration every worker serves its share ...
        var last = traffic.LastWorkers(registered + TimeSpan.FromSeconds(2));
        Assert.True(last.Count >= 475, $"only {last.Count} of 500 addresses were answered after the start ({traffic.Failures} failures)");
        var shares = running.Workers.Select(w => last.Values.Count(pid => pid == w.Pid)).ToArray();
        var mean = last.Count / (double)Workers;
        Assert.True(shares.Max() / mean <= 1.3, $"shares {string.Join("/", shares)} of {last.Count}: max/mean {shares.Max() / mean:F2}");

        // ... and no client ever changed worker: buckets waited for their home workers.
        var moved = traffic.Sources.Where(s => traffic.WorkerSequence(s).Count > 1).ToArray();
        Assert.True(moved.Length == 0, $"{moved.Length} client(s) changed worker, e.g. {moved.FirstOrDefault()}: {string.Join(" -> ", moved.Take(1).SelectMany(s => traffic.WorkerSequence(s)))}");
        Assert.All(last.Values, pid => Assert.Contains(pid, running.Workers.Select(w => w.Pid)));
    }

    [Theory]
    [InlineData("master")]
    [InlineData("kernel")]
    public async Task KillNine_UnderTraffic_VictimsMoveOnceToTheReplacementWhichGetsItsShareAndNobodyElseMoves(string steering)
    {
        // The wait is a bound; 10 s instead of the default 3 s only keeps a slow, shared test machine
        // from turning "the replacement came in time" into "it did not".
        await using var cluster = HelloCluster.Launch(Workers, $"sticky-actors.routing.replacement-wait = 10s\nsticky-actors.listen.steering = {steering}");
        var port = await ListeningPortAsync(cluster);
        await using var traffic = new TrackedTraffic(port, FiveHundredSources(block: 72), loops: 25, s_pause, TimeSpan.FromSeconds(150));
        var before = await cluster.WaitForStatusAsync(s => s.Workers.Count(w => w.State == "Running") == Workers, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var victimPid = before.Worker(1).Pid;
        var killedAt = traffic.Now;
        var victims = traffic.LastWorkers(TimeSpan.Zero).Where(x => x.Value == victimPid).Select(x => x.Key).ToHashSet();

        Libc.Kill(victimPid, 9);
        var after = await cluster.WaitForStatusAsync(s => s.Worker(1).State == "Running" && s.Worker(1).Pid != victimPid, TimeSpan.FromSeconds(30));
        var registered = traffic.Now;
        var replacement = after.Worker(1).Pid;
        Assert.True(registered - killedAt < TimeSpan.FromSeconds(10), $"the replacement took {registered - killedAt} to register");
        await Task.Delay(TimeSpan.FromSeconds(5));

        // Within 5 s after it registered, the replacement serves its full share.
        var last = traffic.LastWorkers(registered + TimeSpan.FromSeconds(1));
        var mean = last.Count / (double)Workers;
        var share = last.Values.Count(pid => pid == replacement);
        Assert.True(share >= 0.8 * mean, $"replacement serves {share} of {last.Count} addresses (mean {mean:F0})");

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.NotEmpty(victims);
        foreach (var source in traffic.Sources)
        {
            var sequence = traffic.WorkerSequence(source);
            if (victims.Contains(source))
            {
                // At most one change, and that one to the replacement: never an interim worker.
                Assert.True(sequence.SequenceEqual([victimPid]) || sequence.SequenceEqual([victimPid, replacement]), $"victim {source}: {string.Join(" -> ", sequence)}");
            }
            else
            {
                Assert.True(sequence.Count <= 1, $"{source} was not the dead worker's client but moved: {string.Join(" -> ", sequence)}");
            }
        }
    }

    [Theory]
    [InlineData("master")]
    [InlineData("kernel")]
    public async Task InterimRule_KeepAliveSessionAtTheInterimWorker_KeepsItsClientThereUntilItCloses(string steering)
    {
        await using var cluster = await HelloCluster.StartAsync(Workers, $"sticky-actors.routing.on-worker-loss = interim\nsticky-actors.listen.steering = {steering}");
        var map = await StickinessTests.MapAsync(cluster, HttpProbe.Sources(block: 74, count: 60));
        var before = await cluster.StatusAsync();
        var victimPid = before.Worker(1).Pid;
        var client = map.First(x => x.Value == 1).Key;

        Libc.Kill(victimPid, 9);
        using var session = KeepAliveClient(client, cluster.Port);
        var interimPid = await FirstAnswerAsync(session, not: victimPid);
        var after = await cluster.WaitForStatusAsync(s => s.Worker(1).State == "Running" && s.Worker(1).Pid != victimPid, TimeSpan.FromSeconds(30));
        var replacement = after.Worker(1).Pid;
        Assert.NotEqual(replacement, interimPid);

        // Several return checks and session reports later: only the open session keeps the bucket.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal(interimPid, await PidAsync(session));
        Assert.Equal(interimPid, (await HttpProbe.GetAsync(client, cluster.Port, TimeSpan.FromSeconds(10))).Pid);
        var status = await cluster.StatusAsync();
        Assert.True(Field(status, interimPid, "BucketsHeldForOthers") > 0, status.Raw);
        Assert.True(Field(status, replacement, "BucketsAwayFromHome") > 0, status.Raw);

        // The session ends: the bucket comes home, and the client's next connection goes there.
        session.Dispose();
        var home = 0;
        for (var attempt = 0; attempt < 6 && home != replacement; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            home = (await HttpProbe.GetAsync(client, cluster.Port, TimeSpan.FromSeconds(10))).Pid;
        }

        Assert.Equal(replacement, home);
    }

    private static IPAddress[] FiveHundredSources(int block) =>
        [.. HttpProbe.Sources(block, 250), .. HttpProbe.Sources(block + 1, 250)];

    private static async Task<int> ListeningPortAsync(HelloCluster cluster)
    {
        var line = await cluster.Output.WaitForAsync(ListeningLine(), TimeSpan.FromSeconds(60));
        return int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static HttpClient KeepAliveClient(IPAddress source, int port)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    private static async Task<int> PidAsync(HttpClient client)
    {
        using var response = await client.GetAsync(string.Empty);
        response.EnsureSuccessStatusCode();
        return int.Parse(response.Headers.GetValues("X-Worker-Pid").Single(), CultureInfo.InvariantCulture);
    }

    private static async Task<int> FirstAnswerAsync(HttpClient client, int not)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                var pid = await PidAsync(client);
                if (pid != not)
                {
                    return pid;
                }
            }
            catch (HttpRequestException)
            {
                // The dead worker's connection; the next one goes elsewhere.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no worker but the dead one answered");
    }

    private static int Field(ClusterSnapshot status, int pid, string name)
    {
        using var document = JsonDocument.Parse(status.Raw);
        return document.RootElement.GetProperty("Workers").EnumerateArray().Single(w => w.GetProperty("Pid").GetInt32() == pid).GetProperty(name).GetInt32();
    }

    [GeneratedRegex(@"accepting on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
