using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Master handover (SIGUSR2) as real processes under traffic that never stops: connection per
/// request from many 127.x addresses, plus held keep-alive connections on the old workers.
/// </summary>
public sealed partial class HandoverTests(ITestOutputHelper output)
{
    private const int SIGUSR2 = 12;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    // The old workers drain within 10 s at most; new connections wait for the new workers at most 60 s.
    private const string Hocon = """
        sticky-actors {
          workers.shutdown-timeout = 10s
          handoff.no-worker-timeout = 60s
        }
        """;

    [Theory]
    [InlineData("master")]
    [InlineData("kernel")]
    public async Task Usr2_UnderLoadWithHeldConnections_NoFailedRequestAndTheOldMasterExits(string steering)
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, Hocon + $"\nsticky-actors.listen.steering = {steering}");
        var oldWorkers = (await cluster.StatusAsync()).Workers.Select(w => w.Pid).ToArray();
        var probes = HttpProbe.Sources(block: 40, count: 40);
        var before = await AnswersAsync(probes, cluster.Port);

        var held = new List<KeepAliveConnection>();
        foreach (var source in HttpProbe.Sources(block: 41, count: 50))
        {
            var connection = await KeepAliveConnection.OpenAsync(source, cluster.Port);
            held.Add(connection);
            Assert.Contains((await connection.GetAsync()).Pid, oldWorkers);
        }

        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, 8).Select(i => new OutcomeLoop(cluster.Port, HttpProbe.Sources(block: 42 + i, count: 60), stop.Token)).ToArray();
        int? newMaster = null;
        try
        {
            await Task.WhenAll(loops.Select(l => l.WaitForAsync(20)));
            var clock = Stopwatch.StartNew();
            Assert.True(Signals.Kill(cluster.MasterPid, SIGUSR2));
            var serving = await cluster.Output.WaitForAsync(NewMasterServes(), s_timeout);
            newMaster = int.Parse(serving.Groups[1].Value, CultureInfo.InvariantCulture);
            await HandoverProcesses.ExitedAsync(cluster.Process, s_timeout);
            var oldExit = clock.Elapsed;
            Assert.Equal(0, cluster.Process.ExitCode);

            // Traffic goes on a while on the new master alone.
            var total = loops.Sum(l => l.Total);
            await Task.WhenAll(loops.Select(l => l.WaitForAsync(l.Total + 20)));
            await stop.CancelAsync();
            var outcomes = await Task.WhenAll(loops.Select(l => l.StopAsync()));
            var failed = outcomes.Sum(o => o.Failed);
            var served = outcomes.Sum(o => o.ServedBy0 + o.ServedBy1);
            output.WriteLine($"{steering} steering: USR2 → old master exited: {oldExit.TotalSeconds:0.00} s; requests served {served}, failed {failed} (last: {outcomes.Select(o => o.LastFailure).LastOrDefault(f => f is not null)})");
            Assert.Equal(0, failed);
            Assert.True(served > total, "no request was served after the old master exited");

            // The held connections were closed by their draining workers (orderly), by the time the old master exited.
            var orderly = 0;
            foreach (var connection in held)
            {
                orderly += await connection.WaitForCloseAsync(TimeSpan.FromSeconds(5)) ? 1 : 0;
            }

            output.WriteLine($"held keep-alive connections closed in order: {orderly} of {held.Count}");
            Assert.Equal(held.Count, orderly);

            // Same buckets and seed: every client is served by the same slot, now by the new master's workers.
            var after = await AnswersAsync(probes, cluster.Port);
            var newWorkers = ProcFs.ChildrenOf(newMaster.Value);
            Assert.All(after, answer => Assert.Contains(answer.Pid, newWorkers));
            Assert.Equal(before.Select(a => a.WorkerId), after.Select(a => a.WorkerId));
        }
        finally
        {
            await stop.CancelAsync();
            held.ForEach(c => c.Dispose());
            HandoverProcesses.KillMasterAndWorkers(newMaster);
        }
    }

    [Fact]
    public async Task Usr2_NewMasterKilledBeforeItServes_OldMasterKeepsServingWithoutAFailure()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, Hocon);
        var oldWorkers = (await cluster.StatusAsync()).Workers.Select(w => w.Pid).ToArray();
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, 4).Select(i => new OutcomeLoop(cluster.Port, HttpProbe.Sources(block: 50 + i, count: 60), stop.Token)).ToArray();
        int? newMaster = null;
        OwnedProcess[] newWorkers = [];
        try
        {
            await Task.WhenAll(loops.Select(l => l.WaitForAsync(20)));
            var from = cluster.Output.Count;
            Assert.True(Signals.Kill(cluster.MasterPid, SIGUSR2));

            // The new master is up (its host started) but its workers have not registered yet.
            var started = await cluster.Output.WaitForAsync(NewMasterStarted(cluster.MasterPid), s_timeout, from);
            newMaster = int.Parse(started.Groups[1].Value, CultureInfo.InvariantCulture);
            newWorkers = ProcFs.ChildrenOf(newMaster.Value).Select(OwnedProcess.Capture).OfType<OwnedProcess>().ToArray();
            Assert.True(Signals.Kill(newMaster.Value, Signals.SIGKILL));
            await cluster.Output.WaitForAsync(HandoverFailed(), s_timeout, from);

            // The old master goes on with its own workers; traffic never failed.
            await Task.WhenAll(loops.Select(l => l.WaitForAsync(l.Total + 20)));
            Assert.False(cluster.Process.HasExited);
            var status = await cluster.StatusAsync();
            Assert.Equal(oldWorkers.Order(), status.Workers.Select(w => w.Pid).Order());
            Assert.All(status.Workers, w => Assert.Equal("Running", w.State));
            await stop.CancelAsync();
            var outcomes = await Task.WhenAll(loops.Select(l => l.StopAsync()));
            Assert.Equal(0, outcomes.Sum(o => o.Failed));

            // The dead master's workers (if it had started any) lost their master and exit.
            var deadline = Stopwatch.StartNew();
            while (newWorkers.Any(w => w.IsAlive) && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }

            Assert.DoesNotContain(newWorkers, w => w.IsAlive);
        }
        finally
        {
            await stop.CancelAsync();
            HandoverProcesses.KillMasterAndWorkers(newMaster);
            foreach (var worker in newWorkers)
            {
                worker.Kill();
            }
        }
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 2)]
    public async Task Usr2_KernelSteeringWithANewWorkerCount_TheNewMasterSteersToEachOfItsWorkersAndNoRequestFails(int before, int after)
    {
        await using var cluster = await HelloCluster.StartAsync(workers: before, Hocon + $"\nsticky-actors.listen.steering = kernel\nsticky-actors.workers.count = {before}");
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, 6).Select(i => new OutcomeLoop(cluster.Port, HttpProbe.Sources(block: 64 + i, count: 60), stop.Token)).ToArray();
        int? newMaster = null;
        try
        {
            await Task.WhenAll(loops.Select(l => l.WaitForAsync(20)));
            cluster.RewriteConfig(Hocon + $"\nsticky-actors.listen.steering = kernel\nsticky-actors.workers.count = {after}");
            Assert.True(Signals.Kill(cluster.MasterPid, SIGUSR2));
            var serving = await cluster.Output.WaitForAsync(NewMasterServes(), s_timeout);
            newMaster = int.Parse(serving.Groups[1].Value, CultureInfo.InvariantCulture);
            await HandoverProcesses.ExitedAsync(cluster.Process, s_timeout);
            Assert.Equal(0, cluster.Process.ExitCode);

            // Traffic on the new master alone until each of its workers accepted connections from its own slot socket.
            var clock = Stopwatch.StartNew();
            long[] steered = [];
            while (clock.Elapsed < s_timeout)
            {
                await Task.WhenAll(loops.Select(l => l.WaitForAsync(l.Total + 10)));
                using var status = System.Text.Json.JsonDocument.Parse(await StickyActorHost.QueryStatusJsonAsync(newMaster.Value));
                steered = [.. status.RootElement.GetProperty("Workers").EnumerateArray().Select(w => w.GetProperty("ConnectionsSteered").GetInt64())];
                if (steered.Length == after && steered.All(count => count > 0))
                {
                    break;
                }
            }

            await stop.CancelAsync();
            var outcomes = await Task.WhenAll(loops.Select(l => l.StopAsync()));
            var failed = outcomes.Sum(o => o.Failed);
            output.WriteLine($"kernel steering, {before} → {after} workers by a handover: steered per new worker {string.Join(" / ", steered)}; requests failed {failed} of {outcomes.Sum(o => o.Total)} (last: {outcomes.Select(o => o.LastFailure).LastOrDefault(f => f is not null)})");
            Assert.Equal(after, steered.Length);
            Assert.All(steered, count => Assert.True(count > 0, string.Join(" / ", steered)));
            Assert.Equal(0, failed);
            Assert.Equal(after, ProcFs.ChildrenOf(newMaster.Value).Count);
        }
        finally
        {
            await stop.CancelAsync();
            HandoverProcesses.KillMasterAndWorkers(newMaster);
        }
    }

    /// <summary>
    /// Under the default (auto) a new affinity key that needs the request's bytes means master
    /// steering: the new master takes the kernel-steered slot group and accepts from every socket
    /// of it; back to the client-IP key, the next master steers in the kernel again. Traffic never
    /// stops, and no request fails in either handover (the master that stops hands the request
    /// heads it is still reading to its workers before they drain).
    /// </summary>
    [Fact]
    public async Task Usr2_KernelToMasterSteeringAndBack_EachNewMasterServesItsWayAndNoRequestFails()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, Hocon);
        Assert.True(cluster.Output.Contains("Connection steering: kernel"), cluster.Output.ToString());
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, 4).Select(i => new OutcomeLoop(cluster.Port, HttpProbe.Sources(block: 60 + i, count: 60), stop.Token)).ToArray();
        int? second = null;
        int? third = null;
        try
        {
            await Task.WhenAll(loops.Select(l => l.WaitForAsync(20)));

            // To a header key (requests without the header fall back to the client address): master steering.
            cluster.RewriteConfig(Hocon + "\nsticky-actors.affinity { key = header, name = \"X-Client\" }");
            var from = cluster.Output.Count;
            Assert.True(Signals.Kill(cluster.MasterPid, SIGUSR2));
            second = int.Parse((await cluster.Output.WaitForAsync(NewMasterServes(), s_timeout, from)).Groups[1].Value, CultureInfo.InvariantCulture);
            await HandoverProcesses.ExitedAsync(cluster.Process, s_timeout);
            await cluster.Output.WaitForAsync(new Regex(@"Connection steering: master \(affinity.key = Header needs the request's bytes; the master accepts from all 2 slot sockets"), s_timeout, from);
            var accepted = await AcceptedAsync(second.Value);
            await Task.WhenAll(loops.Select(l => l.WaitForAsync(l.Total + 40)));
            Assert.True(await AcceptedAsync(second.Value) >= accepted + 100, "the second master did not accept the connections itself");

            // Back to the client address: the third master steers in the kernel again, over the same group.
            cluster.RewriteConfig(Hocon);
            from = cluster.Output.Count;
            Assert.True(Signals.Kill(second.Value, SIGUSR2));
            third = int.Parse((await cluster.Output.WaitForAsync(NewMasterServes(), s_timeout, from)).Groups[1].Value, CultureInfo.InvariantCulture);
            await cluster.Output.WaitForAsync(new Regex(@"Connection steering: kernel \(2 slot sockets in one SO_REUSEPORT group \(2 taken over"), s_timeout, from);
            await HandoverProcesses.ExitedAsync(second.Value, s_timeout);
            var steered = await SteeredAsync(third.Value);
            await Task.WhenAll(loops.Select(l => l.WaitForAsync(l.Total + 40)));
            var clock = Stopwatch.StartNew();
            while (await SteeredAsync(third.Value) < steered + 100)
            {
                Assert.True(clock.Elapsed < s_timeout, "the third master's workers did not steer connections themselves");
                await Task.WhenAll(loops.Select(l => l.WaitForAsync(l.Total + 10)));
            }

            await stop.CancelAsync();
            var outcomes = await Task.WhenAll(loops.Select(l => l.StopAsync()));
            output.WriteLine($"kernel → master → kernel by two handovers: requests failed {outcomes.Sum(o => o.Failed)} of {outcomes.Sum(o => o.Total)} (last: {outcomes.Select(o => o.LastFailure).LastOrDefault(f => f is not null)})");
            Assert.Equal(0, outcomes.Sum(o => o.Failed));
        }
        finally
        {
            await stop.CancelAsync();
            HandoverProcesses.KillMasterAndWorkers(second);
            HandoverProcesses.KillMasterAndWorkers(third);
        }
    }

    private static async Task<long> AcceptedAsync(int master)
    {
        using var status = System.Text.Json.JsonDocument.Parse(await StickyActorHost.QueryStatusJsonAsync(master));
        return status.RootElement.GetProperty("Accepted").GetInt64();
    }

    private static async Task<long> SteeredAsync(int master)
    {
        using var status = System.Text.Json.JsonDocument.Parse(await StickyActorHost.QueryStatusJsonAsync(master));
        return status.RootElement.GetProperty("Steered").GetInt64();
    }

    private static async Task<HelloAnswer[]> AnswersAsync(IPAddress[] sources, int port)
    {
        var answers = new HelloAnswer[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            answers[i] = await HttpProbe.GetAsync(sources[i], port, TimeSpan.FromSeconds(30));
            Assert.Equal(200, answers[i].Status);
        }

        return answers;
    }


    [GeneratedRegex(@"Master handover: new master (\d+) serves")]
    private static partial Regex NewMasterServes();

    [GeneratedRegex(@"Master handover failed")]
    private static partial Regex HandoverFailed();

    private static Regex NewMasterStarted(int oldMaster) => new($@"^Hello master (?!{oldMaster}\b)(\d+) ready");
}
