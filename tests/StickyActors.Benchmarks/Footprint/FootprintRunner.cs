using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Measure;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Footprint;

/// <summary>
/// <c>footprint</c>: the idle cost of A (StickyActors Hello, master and workers) beside C (one plain
/// Kestrel process of the same app), sampled side by side in one run, then replacement speed on a
/// one-worker host (SIGKILL, exec → first handed-off connection served, by phase). Every process is
/// stopped on the way out, also on Ctrl+C.
/// </summary>
internal sealed class FootprintRunner(FootprintOptions options)
{
    private static readonly TimeSpan s_pause = TimeSpan.FromSeconds(2.5);

    private readonly List<ServerUnderTest> _servers = [];
    private readonly List<StartupLine> _coldStarts = [];

    public async Task<int> RunAsync()
    {
        using var onCancel = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => StopAll());
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => StopAll());
        var config = Path.Combine(Path.GetTempPath(), $"footprint-{Environment.ProcessId}.conf");
        try
        {
            var idle = await MeasureIdleAsync().ConfigureAwait(false);
            StopAll();

            // Restart backoff back to its minimum after 2 s up, so every round waits the same 200 ms.
            await File.WriteAllTextAsync(config, "sticky-actors.workers.restart-backoff.reset-after = 2s\n").ConfigureAwait(false);
            var replacements = await MeasureReplacementsAsync(config).ConfigureAwait(false);
            FootprintReport.Write(Console.Out, options, idle, _coldStarts, replacements);
            return 0;
        }
        finally
        {
            StopAll();
            File.Delete(config);
        }
    }

    private async Task<IdleFigures> MeasureIdleAsync()
    {
        var sticky = Track(ServerLauncher.StartSticky(options.HelloDll, options.Workers));
        sticky.Master!.LineWritten += line =>
        {
            if (StartupLine.TryParse(line) is { } startup)
            {
                lock (_coldStarts)
                {
                    _coldStarts.Add(startup);
                }
            }
        };
        var port = FreePort.Next();
        var single = Track(new ServerUnderTest("C", "1 Kestrel", port, 1, [ServerLauncher.StartServe(port, 0)], sticky: false));
        Console.Error.WriteLine($"waiting for A (StickyActors, port {sticky.Port}) and C (1 Kestrel, port {single.Port}) …");
        await Task.WhenAll(Readiness.WaitAsync(sticky, options.ReadyTimeout), Readiness.WaitAsync(single, options.ReadyTimeout)).ConfigureAwait(false);

        // The workers the master started, in worker-id order of their pids as the kernel lists them.
        var workers = ChildPids(sticky.Master.Pid);
        Console.Error.WriteLine($"ready: A master {sticky.Master.Pid}, workers {string.Join(", ", workers)}; C {single.Processes[0].Pid}; settling {options.Settle.TotalSeconds:0} s, then {options.Samples} window(s) of {options.Window.TotalSeconds:0} s with nothing connecting");
        await Task.Delay(options.Settle).ConfigureAwait(false);
        List<(string, int)> processes = [("A master", sticky.Master.Pid), .. workers.Select((pid, i) => ($"A worker {i + 1}", pid)), ("C 1 Kestrel", single.Processes[0].Pid)];
        return await IdleSample.MeasureAsync(processes, options.Window, options.Samples).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ReplacementFigures>> MeasureReplacementsAsync(string config)
    {
        if (options.Rounds == 0)
        {
            return [];
        }

        var host = Track(ServerLauncher.StartSticky(options.HelloDll, 1, ["--config", config]));
        Console.Error.WriteLine($"replacement: one-worker host on port {host.Port}, {options.Rounds} round(s) of kill -9 with {options.Probes} probes connecting");
        await Readiness.WaitAsync(host, options.ReadyTimeout).ConfigureAwait(false);
        return await ReplacementRounds.RunAsync(host, options.Rounds, options.Probes, s_pause).ConfigureAwait(false);
    }

    private static int[] ChildPids(int parent)
    {
        var children = Directory.GetDirectories($"/proc/{parent}/task").SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return [.. children.Select(int.Parse).Where(ProcFs.IsAlive)];
    }

    private ServerUnderTest Track(ServerUnderTest server)
    {
        lock (_servers)
        {
            _servers.Add(server);
        }

        return server;
    }

    private void StopAll()
    {
        lock (_servers)
        {
            foreach (var server in _servers)
            {
                server.Dispose();
            }

            _servers.Clear();
        }
    }
}
