using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using StickyActors.Benchmarks.Interop;
using StickyActors.Benchmarks.Load;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Footprint;

/// <summary>
/// Replacement speed on a host with one worker: probes keep connecting (each waits in the master's
/// no-worker queue while no worker is alive), the worker is killed with SIGKILL, and the round ends
/// when a probe is answered by the new process. Both ends are read on CLOCK_MONOTONIC: the master's
/// launch stamp (in the worker's startup line) and the probe's answer, so exec to first served
/// needs no log timestamps.
/// </summary>
internal static class ReplacementRounds
{
    private static readonly TimeSpan s_roundTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyList<ReplacementFigures>> RunAsync(ServerUnderTest host, int rounds, int probes, TimeSpan pause)
    {
        var startups = Channel.CreateUnbounded<StartupLine>();
        host.Master!.LineWritten += line =>
        {
            if (StartupLine.TryParse(line) is { } startup)
            {
                startups.Writer.TryWrite(startup);
            }
        };

        var request = Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{host.Port}\r\nConnection: close\r\n\r\n");
        var current = host.WorkerPids.Single();
        var figures = new List<ReplacementFigures>();
        for (var round = 0; round < rounds; round++)
        {
            await Task.Delay(pause).ConfigureAwait(false);
            using var stop = new CancellationTokenSource();
            var served = new TaskCompletionSource<(long At, int Pid)>(TaskCreationOptions.RunContinuationsAsynchronously);
            var old = current;
            var loops = Enumerable.Range(0, probes).Select(i => ProbeAsync(host.Port, request, 4000 + (round * probes) + i, old, served, stop.Token)).ToArray();
            await Task.Delay(200).ConfigureAwait(false);
            var killedAt = Stopwatch.GetTimestamp();
            Libc.Kill(old, Libc.SIGKILL);
            try
            {
                var (at, pid) = await served.Task.WaitAsync(s_roundTimeout).ConfigureAwait(false);
                StartupLine startup;
                do
                {
                    startup = await startups.Reader.ReadAsync().AsTask().WaitAsync(s_roundTimeout).ConfigureAwait(false);
                }
                while (startup.LaunchTimestamp < killedAt);

                var figure = new ReplacementFigures(startup, Ms(startup.LaunchTimestamp, at), Ms(killedAt, at));
                figures.Add(figure);
                current = pid;
                Console.Error.WriteLine(
                    $"replacement {round + 1}/{rounds}: pid {old} → {pid}, exec → first served {figure.ExecToServedMs:0} ms (ready {startup.ReadyMs:0} ms: runtime {startup.RuntimeMs:0}, actor system {startup.ActorSystemMs:0}, registration {startup.RegistrationMs:0}, application {startup.ApplicationMs:0}), kill → served {figure.KillToServedMs:0} ms");
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
        }

        return figures;
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static async Task ProbeAsync(int port, byte[] request, int sourceIndex, int oldPid, TaskCompletionSource<(long, int)> served, CancellationToken stop)
    {
        var source = SourceAddresses.AddressAt(sourceIndex);
        while (!stop.IsCancellationRequested && !served.Task.IsCompleted)
        {
            var pid = await Readiness.TryGetPidAsync(port, source, request, s_probeTimeout).ConfigureAwait(false);
            var at = Stopwatch.GetTimestamp();
            if (pid > 0 && pid != oldPid)
            {
                served.TrySetResult((at, pid));
                return;
            }

            if (pid == 0)
            {
                await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
