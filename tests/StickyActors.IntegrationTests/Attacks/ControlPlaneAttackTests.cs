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
public sealed class ControlPlaneAttackTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stranger_RemoteDeployAndEveryMessageToEveryPortAndPath_NothingRunsAndEverythingKeepsServing()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var before = await cluster.StatusAsync();
        var marker = Path.Combine(Path.GetTempPath(), $"sticky-rce-{Guid.NewGuid():N}");
        await using var attacker = Attacker.Start();
        var failures = AssociationFailures(attacker.System);

        // The control plane has no port: the stranger tries every TCP port the master and its workers
        // listen on (only the public one), as the master and as each worker.
        var ports = before.Workers.Select(w => w.Pid).Append(cluster.MasterPid).SelectMany(ListeningSockets.Of).Select(e => e.Port).Distinct().ToArray();
        var targets = ports.SelectMany(port => before.Workers.Select(w => $"akka.ssl.tcp://sticky-worker-{w.Id}@127.0.0.1:{port}")
            .Append($"akka.ssl.tcp://sticky-master@127.0.0.1:{port}")).ToArray();

        // 1. Remote deployment of the project's own WorkerActor whose launcher runs a shell command.
        var context = new WorkerContext(
            StickyActorsSettings.Default.Workers, 16, new ShellWorkerLauncher($"touch {marker}"), "x",
            attacker.System.DeadLetters, attacker.System.DeadLetters, null!, new WorkerGenerations(1));
        foreach (var target in targets)
        {
            attacker.System.ActorOf(WorkerActor.Props(0, context).WithDeploy(new Deploy(new RemoteScope(Address.Parse(target)))));
        }

        // 2. Every message to every path of the master, and a drain to each worker's control actor.
        object[] messages =
        [
            PoisonPill.Instance, Kill.Instance, new Identify(1),
            new RegisterWorker(0, 1, before.Worker(0).Pid, "guess"), new WorkerDraining(0), new WorkerDraining(99),
            new WorkerLifecycleEvent(99, 1, 1, WorkerState.Running, null, null), new DrainAll(TimeSpan.FromSeconds(1)),
            GetStatus.Instance, RollingRestart.Instance, new WorkerDown(0, 1, "forged"), new DrainWorker(TimeSpan.FromSeconds(1)),
        ];
        string[] paths = ["/user/master", "/user/master/routing", "/user/master/worker-0", "/user/master/worker-0/process", "/user", "/user/control"];
        foreach (var target in targets)
        {
            foreach (var path in paths)
            {
                foreach (var message in messages)
                {
                    attacker.Select(target, path).Tell(message);
                }
            }
        }

        // 3. Asking at a TCP port gets no answer, and the attempts there end in failed associations
        //    (what listens is HTTP, not Akka). The advertised socket-pair address cannot even be
        //    addressed: no transport outside the master and its workers leads there.
        await Assert.ThrowsAnyAsync<Exception>(() =>
            attacker.Select(targets[^1], "/user/master").Ask<object>(GetStatus.Instance, TimeSpan.FromSeconds(3)));
        Assert.Throws<RemoteTransportException>(() => attacker.Select(cluster.ControlPlaneAddress, "/user/master"));
        await failures.WaitAsync(s_settle);

        Assert.False(File.Exists(marker), "the remote-deployed shell command ran");
        await AssertStillServingAsync(cluster, before);
    }

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

    /// <summary>
    /// Completes when the attacker's remoting reports that an association attempt ended: a lifecycle
    /// event (association error, disassociation) or, when the endpoint writer fails first (it cannot
    /// serialize the deployment's context), its Warning/Error log from the endpoint manager. Which of
    /// them comes first is a race inside Akka.Remote; any one means the attempt is over.
    /// </summary>
    private static Task AssociationFailures(ActorSystem system)
    {
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(Props.Create(() => new SignalOnEvent(failed)));
        system.EventStream.Subscribe(listener, typeof(RemotingLifecycleEvent));
        system.EventStream.Subscribe(listener, typeof(Akka.Event.Warning));
        system.EventStream.Subscribe(listener, typeof(Akka.Event.Error));
        return failed.Task;
    }

    private sealed class SignalOnEvent : ReceiveActor
    {
        public SignalOnEvent(TaskCompletionSource signal)
        {
            Receive<AssociationErrorEvent>(_ => signal.TrySetResult());
            Receive<DisassociatedEvent>(_ => signal.TrySetResult());
            Receive<Akka.Event.LogEvent>(
                log => log.LogSource.Contains("endpointManager", StringComparison.Ordinal) || log.LogSource.Contains("remoting", StringComparison.Ordinal),
                _ => signal.TrySetResult());
        }
    }
}
