using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using StickyActors.Benchmarks.Faults;
using StickyActors.Benchmarks.Interop;
using StickyActors.Benchmarks.Load;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Handover;

/// <summary>
/// <c>handover</c>: the Hello sample under connection-per-request load from many 127.x addresses
/// plus held keep-alive connections, and its master replaced two ways, each on a fresh cluster:
/// a master handover (SIGUSR2) and a plain stop (SIGTERM) and start on the same port. Every
/// process it started or caused (the new master and its workers) is stopped by pid at the end,
/// also on Ctrl+C.
/// </summary>
internal sealed partial class HandoverRunner(HandoverOptions options)
{
    private const int SIGUSR2 = 12;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly List<ServerUnderTest> _servers = [];
    private readonly List<int> _caused = [];

    public async Task<int> RunAsync()
    {
        var started = DateTimeOffset.UtcNow;
        using var onCancel = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => StopAll());
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => StopAll());
        try
        {
            var sources = new SourceAddresses(options.Load.Sources);
            var scenarios = new List<ScenarioResults>();
            foreach (var scenario in options.Scenarios.Distinct())
            {
                var results = scenario == "handover"
                    ? new ScenarioResults("handover", "master handover (SIGUSR2)")
                    : new ScenarioResults("stopAndStart", "stop (SIGTERM) and start");
                Console.Error.WriteLine($"{results.Title}: starting Hello ({options.Load.Workers} workers) …");
                results.Rounds.Add(scenario == "handover" ? await HandOverAsync(sources).ConfigureAwait(false) : await StopAndStartAsync(sources).ConfigureAwait(false));
                Console.Error.WriteLine($"  {results.Title}: " + string.Join("; ", results.Rounds[0].Values.Where(v => !double.IsNaN(v.Value))
                    .Select(v => $"{v.Metric.Key} {v.Value.ToString(v.Metric.Format, CultureInfo.InvariantCulture)}")));
                scenarios.Add(results);
                StopAll();
            }

            HandoverReport.Write(Console.Out, options, started, sources, scenarios);
            return 0;
        }
        finally
        {
            StopAll();
        }
    }

    private async Task<RoundResult> HandOverAsync(SourceAddresses sources)
    {
        var (server, oldWorkers) = await StartReadyAsync(FreePort.Next()).ConfigureAwait(false);
        var master = server.Master!;
        using var load = TrackedLoad.Start(server.Port, options.Load.Connections, sources, options.Load.RequestTimeout, options.MaxLoad);
        await load.LearnOwnersAsync(options.Learn, options.Learn + TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        var held = await OpenHeldAsync(server.Port, sources.Count).ConfigureAwait(false);
        try
        {
            using var serves = new LineWatch(master, "Master handover: new master");
            var signalAt = Stopwatch.GetTimestamp();
            Signal(master.Pid, SIGUSR2, "kill -USR2");
            var servesAt = await serves.Seen.WaitAsync(options.EventTimeout).ConfigureAwait(false);
            var newMaster = int.Parse(NewMasterPid().Match(serves.Line!).Groups[1].Value, CultureInfo.InvariantCulture);
            lock (_gate)
            {
                _caused.Add(newMaster);
            }

            var exitAt = await ExitedAsync(master.Pid).ConfigureAwait(false);
            await Task.Delay(options.After).ConfigureAwait(false);
            var records = load.Stop();
            return HandoverAnalysis.Analyze(records, signalAt, exitAt, servesAt, oldWorkers, held, sources.Count);
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    private async Task<RoundResult> StopAndStartAsync(SourceAddresses sources)
    {
        var (server, oldWorkers) = await StartReadyAsync(FreePort.Next()).ConfigureAwait(false);
        using var load = TrackedLoad.Start(server.Port, options.Load.Connections, sources, options.Load.RequestTimeout, options.MaxLoad);
        await load.LearnOwnersAsync(options.Learn, options.Learn + TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        var held = await OpenHeldAsync(server.Port, sources.Count).ConfigureAwait(false);
        try
        {
            var signalAt = Stopwatch.GetTimestamp();
            Signal(server.Master!.Pid, Libc.SIGTERM, "kill -TERM");
            var exitAt = await ExitedAsync(server.Master.Pid).ConfigureAwait(false);
            await StartReadyAsync(server.Port).ConfigureAwait(false);
            await Task.Delay(options.After).ConfigureAwait(false);
            var records = load.Stop();
            return HandoverAnalysis.Analyze(records, signalAt, exitAt, 0, oldWorkers, held, sources.Count);
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    /// <summary>Starts Hello on <paramref name="port"/> and waits until every worker answered; returns it and its worker pids.</summary>
    private async Task<(ServerUnderTest Server, IReadOnlySet<int> Workers)> StartReadyAsync(int port)
    {
        var master = ServerProcess.Start("dotnet", [options.Load.HelloDll, "--port", Text(port), "--workers", Text(options.Load.Workers), "--address", "127.0.0.1", "--steering", "master"]);
        var server = new ServerUnderTest("A", "StickyActors", port, options.Load.Workers, [master], sticky: true);
        lock (_gate)
        {
            _servers.Add(server);
        }

        await Readiness.WaitAsync(server, options.Load.ReadyTimeout).ConfigureAwait(false);
        return (server, server.WorkerPids.ToHashSet());
    }

    /// <summary>Opens the held connections from the source addresses after the load's.</summary>
    private async Task<List<HeldConnection>> OpenHeldAsync(int port, int firstSource)
    {
        var held = new List<HeldConnection>();
        for (var i = 0; i < options.Held; i++)
        {
            held.Add(await HeldConnection.OpenAsync(SourceAddresses.AddressAt(firstSource + i), port, options.Load.RequestTimeout).ConfigureAwait(false));
        }

        return held;
    }

    private async Task<long> ExitedAsync(int pid)
    {
        var at = await MasterTree.ExitedAsync(pid, options.EventTimeout).ConfigureAwait(false);
        return at != 0 ? at : throw new TimeoutException($"the old master (pid {pid}) did not exit within {options.EventTimeout.TotalSeconds:0} s");
    }

    private static void Signal(int pid, int signal, string what)
    {
        if (Libc.Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"{what} {pid} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Stops every master this run caused (and its workers), then every one it started.</summary>
    private void StopAll()
    {
        int[] caused;
        ServerUnderTest[] servers;
        lock (_gate)
        {
            (caused, servers) = ([.. _caused], [.. _servers]);
            _caused.Clear();
            _servers.Clear();
        }

        foreach (var pid in caused)
        {
            MasterTree.StopAsync(pid, Grace).GetAwaiter().GetResult();
        }

        foreach (var server in servers)
        {
            server.Dispose();
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"new master (\d+) serves")]
    private static partial Regex NewMasterPid();
}
