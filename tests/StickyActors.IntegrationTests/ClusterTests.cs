using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Several hosts on Akka.Cluster, as real processes on loopback: 3 hosts × 2 workers, 500 client
/// addresses hitting random hosts. A client reaches one worker whichever host its connection
/// arrives at; when a host dies, joins or is paused, only the clients it owns (or takes) move, once.
/// </summary>
public sealed class ClusterTests
{
    private const int Clients = 500;
    private static readonly TimeSpan s_membership = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(Signals.SIGKILL)]
    [InlineData(Signals.SIGTERM)]
    public async Task ThreeHosts_OneMasterKilledOrStoppedUnderTraffic_OnlyItsClientsMoveEachOnceAndNothingFails(int signal)
    {
        await using var group = await HostGroup.StartAsync(hosts: 3, workers: 2);
        var traffic = new ClusterTraffic(Clients);
        var owners = await WorkerPidsByHostAsync(group.Hosts);

        await traffic.RoundAsync(group.Hosts);
        await traffic.RoundAsync(group.Hosts);
        var before = traffic.Clients.ToDictionary(c => c, traffic.LastPidOf);

        // Every client kept its worker across rounds that hit random hosts, and every worker serves some.
        Assert.All(traffic.Clients, c => Assert.Single(traffic.PidsOf(c)));
        Assert.Equal(owners.Keys.Order(), before.Values.Distinct().Order());

        var dead = group.Hosts[2];
        var survivors = group.Hosts.Take(2).ToArray();
        using var stop = new CancellationTokenSource();
        var running = traffic.RunUntilAsync(() => survivors, stop.Token);
        Signals.Kill(dead.Pid, signal);
        await group.WaitForMembersAsync(survivors, s_membership);
        await traffic.RoundAsync(survivors);
        await stop.CancelAsync();
        await running;
        await traffic.RoundAsync(survivors);

        Assert.Equal(0, traffic.Failures);
        foreach (var client in traffic.Clients)
        {
            var pids = traffic.PidsOf(client);
            if (owners[before[client]] == dead.Index)
            {
                // Moved exactly once, to a worker of a survivor.
                Assert.Equal(2, pids.Count);
                Assert.NotEqual(dead.Index, owners[pids[1]]);
            }
            else
            {
                Assert.Single(pids);
            }
        }
    }

    [Fact]
    public async Task ThreeHostsOverMutualTls_AFourthJoinsUnderTraffic_OnlyItsShareMovesToItEachClientOnce()
    {
        await using var group = await HostGroup.StartAsync(hosts: 3, workers: 2, tls: true);
        var traffic = new ClusterTraffic(Clients);
        await traffic.RoundAsync(group.Hosts);
        var before = traffic.Clients.ToDictionary(c => c, traffic.LastPidOf);

        // Traffic runs throughout; once the newcomer accepts (it has joined), it gets its part too,
        // while its buckets still belong to the others for a moment.
        var targets = group.Hosts.ToArray();
        using var stop = new CancellationTokenSource();
        var running = traffic.RunUntilAsync(() => Volatile.Read(ref targets), stop.Token);
        var newcomer = await group.AddHostAsync();
        Volatile.Write(ref targets, group.Hosts.ToArray());
        await group.WaitForMembersAsync(group.Hosts, s_membership);
        await stop.CancelAsync();
        await running;
        var owners = await WorkerPidsByHostAsync(group.Hosts);
        await traffic.RoundAsync(group.Hosts);
        await traffic.RoundAsync(group.Hosts);

        Assert.Equal(0, traffic.Failures);
        var moved = traffic.Clients.Where(c => traffic.LastPidOf(c) != before[c]).ToArray();
        Assert.All(moved, c => Assert.Equal(newcomer.Index, owners[traffic.LastPidOf(c)]));
        Assert.All(traffic.Clients, c => Assert.True(traffic.PidsOf(c).Count <= 2));
        Assert.InRange(moved.Length, Clients / 8, Clients * 3 / 8); // its share is a quarter
    }

    [Fact]
    public async Task ThreeHosts_OneMasterPaused_SplitBrainResolverDownsItAndItStopsServingWhenResumed()
    {
        await using var group = await HostGroup.StartAsync(hosts: 3, workers: 2);
        var paused = group.Hosts[2];
        var survivors = group.Hosts.Take(2).ToArray();

        Signals.Kill(paused.Pid, Signals.SIGSTOP);
        await group.WaitForMembersAsync(survivors, s_membership);
        foreach (var survivor in survivors)
        {
            await survivor.Master.Output.WaitForAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(paused.ClusterAddress) + " was downed"), s_membership);
        }

        var traffic = new ClusterTraffic(Clients);
        await traffic.RoundAsync(survivors);
        await traffic.RoundAsync(survivors);
        var owners = await WorkerPidsByHostAsync(survivors);
        Assert.Equal(0, traffic.Failures);
        Assert.All(traffic.Clients, c => Assert.Single(traffic.PidsOf(c)));
        Assert.All(traffic.Clients, c => Assert.True(owners.ContainsKey(traffic.LastPidOf(c))));

        // Resumed, it learns it was downed and stops rather than serve as a second owner.
        Signals.Kill(paused.Pid, Signals.SIGCONT);
        await paused.Master.Process.WaitForExitAsync().WaitAsync(s_membership);
        await paused.Master.Output.WaitForAsync(new System.Text.RegularExpressions.Regex("This host was removed from the cluster"), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ClusterHost_Sigterm_AKeepAliveConnectionItForwardsGoesOnUntilTheClientCloses()
    {
        await using var group = await HostGroup.StartAsync(hosts: 2, workers: 1);
        var stopping = group.Hosts[0];
        var owner = group.Hosts[1];
        var ownerPid = Assert.Single((await owner.Master.StatusAsync()).Workers).Pid;
        IPAddress? client = null;
        foreach (var source in HttpProbe.Sources(block: 47, count: 64))
        {
            if ((await HttpProbe.GetAsync(source, stopping.Public, TimeSpan.FromSeconds(10))).Pid == ownerPid)
            {
                client = source;
                break;
            }
        }

        Assert.NotNull(client);
        using var connection = await KeepAliveConnection.OpenAsync(client, stopping.Public);
        Assert.Equal(ownerPid, (await connection.GetAsync()).Pid);
        var from = stopping.Master.Output.Count;

        Signals.Kill(stopping.Pid, Signals.SIGTERM);

        // The stopping host's own workers have drained; the connection it forwards is its owner's client.
        await stopping.Master.Output.WaitForAsync(new Regex(@"Waiting up to [\d.]+ s for 1 connection\(s\) forwarded to other hosts"), s_membership, from);
        var during = await connection.GetAsync();
        connection.Dispose();
        await stopping.Master.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(200, during.Status);
        Assert.Equal(ownerPid, during.Pid);
        Assert.DoesNotContain("still open when the shutdown timeout ended", stopping.Master.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardPort_ForgedProxyHeaderFromAMemberAddress_IsRefusedAndCounted()
    {
        await using var group = await HostGroup.StartAsync(hosts: 2, workers: 1);
        var target = group.Hosts[0];
        var impersonated = group.Hosts[1].Address; // on loopback anyone can bind a member's address
        var before = await target.Master.StatusAsync();

        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        attacker.Bind(new IPEndPoint(impersonated, 0));
        await attacker.ConnectAsync(target.Forward);
        var challenge = new byte[64];
        var got = await attacker.ReceiveAsync(challenge).WaitAsync(TimeSpan.FromSeconds(10));
        byte[] forged = [.. ForgedHeader(IPAddress.Parse("203.0.113.9")), .. "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8];
        await attacker.SendAsync(forged);

        Assert.True(got > 0, "the forward listener sends its challenge first");
        Assert.Equal(0, await AnswerLengthAsync(attacker));
        var after = await target.Master.WaitForStatusAsync(s => s.ForwardRejectedIn > before.ForwardRejectedIn, TimeSpan.FromSeconds(10));
        Assert.Equal(before.ForwardedIn, after.ForwardedIn);
    }

    [Fact]
    public async Task ClusterHost_Sigusr2_RefusesTheHandoverWithTheReasonAndKeepsServing()
    {
        await using var group = await HostGroup.StartAsync(hosts: 1, workers: 1);
        var host = group.Hosts[0];
        var from = host.Master.Output.Count;

        Signals.Kill(host.Pid, Signals.SIGUSR2);

        await host.Master.Output.WaitForAsync(new System.Text.RegularExpressions.Regex("A master handover is not available in a cluster"), TimeSpan.FromSeconds(30), from);
        var answer = await HttpProbe.GetAsync(IPAddress.Parse("127.1.9.9"), host.Public, TimeSpan.FromSeconds(15));
        var worker = Assert.Single((await host.Master.StatusAsync()).Workers);
        Assert.Equal(200, answer.Status);
        Assert.Equal(worker.Pid, answer.Pid);
        Assert.Equal([worker.Pid], host.Master.ChildPids()); // no new master was started
    }

    [Fact]
    public async Task ClusterHost_ForwardPortTaken_FailsTheStartNamingTheKey()
    {
        var address = IPAddress.Parse("127.0.0.19");
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(address, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var hocon = LoopbackClusterConfig.Hocon(address, [], HostGroup.Secret) + $"\nsticky-actors.cluster.forward.port = {port}";

        await using var host = HelloCluster.Launch(workers: 1, hocon, address: address.ToString());
        await host.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, host.Process.ExitCode);
        await host.Output.WaitForAsync(new System.Text.RegularExpressions.Regex(@"forward listener cannot listen on 127\.0\.0\.19:\d+ \(sticky-actors\.cluster\.forward\.address / forward\.port\): AddressAlreadyInUse"), TimeSpan.FromSeconds(5));
    }

    /// <summary>Bytes answered before the peer closed (a reset counts as closed without an answer).</summary>
    private static async Task<int> AnswerLengthAsync(Socket socket)
    {
        var buffer = new byte[4096];
        try
        {
            return await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return 0;
        }
    }

    /// <summary>A PROXY v2 header naming <paramref name="client"/>, with a routing TLV and a MAC of zeros.</summary>
    private static byte[] ForgedHeader(IPAddress client)
    {
        byte[] signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];
        var body = new List<byte>();
        body.AddRange(client.GetAddressBytes());
        body.AddRange([127, 0, 0, 11, 0x30, 0x39, 0x00, 0x50]);
        body.AddRange([0xE0, 0x00, 13, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
        body.AddRange([0xE1, 0x00, 32]);
        body.AddRange(new byte[32]);
        return [.. signature, 0x21, 0x11, (byte)(body.Count >> 8), (byte)body.Count, .. body];
    }

    /// <summary>Every worker pid of <paramref name="hosts"/>, mapped to its host's index.</summary>
    private static async Task<Dictionary<int, int>> WorkerPidsByHostAsync(IEnumerable<ClusterHost> hosts)
    {
        var owners = new Dictionary<int, int>();
        foreach (var host in hosts)
        {
            foreach (var worker in (await host.Master.StatusAsync()).Workers)
            {
                owners[worker.Pid] = host.Index;
            }
        }

        return owners;
    }
}
