using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// What notices a worker that stops serving, with the control plane on its tick-less scheduler: a
/// dead worker by its process exit (the kill -9 tests), a hung one (SIGSTOP: alive, its sockets
/// open, answering nothing) only by the master's pings over the control plane.
/// </summary>
public sealed class FailureDetectionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigstop_OfAWorker_HeartbeatsNoticeItAndItIsReplaced()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var victim = (await cluster.StatusAsync()).Worker(1);
        var from = cluster.Output.Count;
        var clock = Stopwatch.StartNew();
        Interop.Libc.Kill(victim.Pid, 19);
        try
        {
            await cluster.Output.WaitForAsync(new Regex($@"Worker 1 \(pid {victim.Pid}\) lost its control plane; killing it"), TimeSpan.FromSeconds(60), from);
            var detected = clock.Elapsed;
            output.WriteLine($"SIGSTOP of worker 1 (pid {victim.Pid}) noticed after {detected.TotalSeconds:F1} s");
            await cluster.WaitForStatusAsync(s => s.Worker(1).State == "Running" && s.Worker(1).Pid != victim.Pid, TimeSpan.FromSeconds(60));

            // The master's pings (control-plane.unresponsive-after = 10 s, one every 3.3 s) notice
            // in 10-13.3 s; the transport's own detector would take over two minutes.
            Assert.True(detected < TimeSpan.FromSeconds(30), $"a stopped worker was noticed only after {detected}");
            Assert.False(ProcFs.IsAlive(victim.Pid), $"the stopped worker {victim.Pid} was not killed");
        }
        finally
        {
            if (ProcFs.IsAlive(victim.Pid))
            {
                Interop.Libc.Kill(victim.Pid, 9);
            }
        }
    }
}
