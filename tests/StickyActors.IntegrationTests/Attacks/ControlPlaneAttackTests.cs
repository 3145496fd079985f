using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Remote;
using StickyActors.Configuration;
using StickyActors.ControlPlane;
using StickyActors.Master;
using StickyActors.Routing;
using StickyActors.Supervision;

namespace StickyActors.IntegrationTests.Attacks;

/// <summary>
/// Attacks on the control plane as issue 9's table made them, from a real Akka.NET client with its
/// own actor system: every one is refused or harmless, and the public port keeps serving.
/// </summary>
public sealed partial class ControlPlaneAttackTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stranger_RemoteDeployAndEveryMessageToEveryPath_NothingRunsAndEverythingKeepsServing()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var before = await cluster.StatusAsync();
        var marker = Path.Combine(Path.GetTempPath(), $"sticky-rce-{Guid.NewGuid():N}");
        var workerAddresses = WorkerAddresses(cluster);
        await using var attacker = Attacker.Start();
        var failures = AssociationFailures(attacker.System);
        var attackStart = cluster.Output.Count;

        // 1. Remote deployment of the project's own WorkerActor whose launcher runs a shell command.
        var context = new WorkerContext(
            StickyActorsSettings.Default.Workers, 16, new ShellWorkerLauncher($"touch {marker}"), "x",
            attacker.System.DeadLetters, attacker.System.DeadLetters, null!, new WorkerGenerations(1));
        attacker.System.ActorOf(
            WorkerActor.Props(0, context).WithDeploy(new Deploy(new RemoteScope(Address.Parse(cluster.ControlPlaneAddress)))),
            "rce");

        // 2. Every message to every path of the master, and a drain to each worker's control actor.
        object[] messages =
        [
            PoisonPill.Instance, Kill.Instance, new Identify(1),
            new RegisterWorker(0, 1, before.Worker(0).Pid, "guess"), new WorkerDraining(0), new WorkerDraining(99),
            new WorkerLifecycleEvent(99, 1, 1, WorkerState.Running, null, null), new DrainAll(TimeSpan.FromSeconds(1)),
            GetStatus.Instance, RollingRestart.Instance, new WorkerDown(0, 1, "forged"), new DrainWorker(TimeSpan.FromSeconds(1)),
        ];
        string[] paths = ["/user/master", "/user/master/routing", "/user/master/worker-0", "/user/master/worker-0/process", "/user"];
        foreach (var path in paths)
        {
            foreach (var message in messages)
            {
                attacker.Select(cluster.ControlPlaneAddress, path).Tell(message);
            }
        }

        foreach (var address in workerAddresses)
        {
            attacker.Select(address, "/user/control").Tell(new DrainWorker(TimeSpan.FromSeconds(1)));
            attacker.Select(address, "/user/control").Tell(PoisonPill.Instance);
        }

        // 3. Asking gets no answer: the TLS handshake fails, so nothing reaches Akka.
        await Assert.ThrowsAsync<AskTimeoutException>(() =>
            attacker.Select(cluster.ControlPlaneAddress, "/user/master").Ask<object>(GetStatus.Instance, TimeSpan.FromSeconds(3)));
        // The master refused the attacker at the TLS handshake (its log says so), or the attacker saw
        // its association fail: either way every attack above has been dealt with.
        var refused = cluster.Output.WaitForLineAsync(
            line => line.Contains("TLS handshake failed", StringComparison.Ordinal) || line.Contains("Rejected incoming connection", StringComparison.Ordinal),
            s_settle,
            attackStart);
        await await Task.WhenAny(failures, refused);

        Assert.False(File.Exists(marker), "the remote-deployed shell command ran");
        await AssertStillServingAsync(cluster, before);
    }

    [Fact]
    public async Task Stranger_RawConnectionToTheControlPort_GetsNothingAndIsClosed()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 1);
        var before = await cluster.StatusAsync();
        var port = ControlPort(cluster);

        // Garbage instead of a TLS ClientHello: the connection is closed, nothing of Akka is answered.
        using var garbage = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await garbage.ConnectAsync(IPAddress.Loopback, port);
        await garbage.SendAsync(new byte[4096]);
        var clock = Stopwatch.StartNew();
        var received = await ReadUntilClosedAsync(garbage, TimeSpan.FromSeconds(10));

        Assert.True(received >= 0, "the control plane kept a garbage connection open for 10 s");
        Assert.True(received < 64, $"the control plane answered garbage with {received} bytes");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        await AssertStillServingAsync(cluster, before);
    }

    internal static int ControlPort(HelloCluster cluster) => Address.Parse(cluster.ControlPlaneAddress).Port!.Value;

    internal static async Task AssertStillServingAsync(HelloCluster cluster, ClusterSnapshot before)
    {
        Assert.False(cluster.Process.HasExited, "the master exited");
        var after = await cluster.StatusAsync();
        foreach (var worker in before.Workers)
        {
            Assert.Equal("Running", after.Worker(worker.Id).State);
            Assert.Equal(worker.Pid, after.Worker(worker.Id).Pid);
        }

        var sources = HttpProbe.Sources(40, 20);
        foreach (var source in sources)
        {
            var answer = await HttpProbe.GetAsync(source, cluster.Port, TimeSpan.FromSeconds(10));
            Assert.Equal(200, answer.Status);
        }
    }

    /// <summary>Bytes received before the peer closed, or −1 if it was still open at the timeout.</summary>
    internal static async Task<int> ReadUntilClosedAsync(Socket socket, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        var total = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }
        catch (OperationCanceledException)
        {
            return -1;
        }
        catch (SocketException)
        {
            return total;
        }
    }

    private static string[] WorkerAddresses(HelloCluster cluster) =>
        WorkerAddressLine().Matches(cluster.Output.ToString()).Select(m => m.Groups[1].Value).Distinct().ToArray();

    /// <summary>Completes when the attacker's remoting reports a failed or ended association (its attempts were refused).</summary>
    private static Task AssociationFailures(ActorSystem system)
    {
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(Props.Create(() => new SignalOnEvent(failed)));
        system.EventStream.Subscribe(listener, typeof(AssociationErrorEvent));
        system.EventStream.Subscribe(listener, typeof(DisassociatedEvent));
        return failed.Task;
    }

    [GeneratedRegex(@"listening on addresses : \[(akka\.ssl\.tcp://sticky-worker-\d+@127\.0\.0\.1:\d+)\]")]
    private static partial Regex WorkerAddressLine();

    private sealed class SignalOnEvent : ReceiveActor
    {
        public SignalOnEvent(TaskCompletionSource signal) => ReceiveAny(_ => signal.TrySetResult());
    }
}
