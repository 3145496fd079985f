using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using StickyActors.Benchmarks.Compare;
using StickyActors.Benchmarks.Load;
using StickyActors.Benchmarks.Measure;
using StickyActors.Benchmarks.Servers;
using StickyActors.Supervision;

namespace StickyActors.Benchmarks.Forward;

/// <summary>
/// <c>forward</c>: starts two Hello masters as a 2-host cluster on loopback (A on 127.0.0.11, B on
/// 127.0.0.12), waits until both see 2 Up hosts owning buckets, picks client addresses B owns, then
/// runs each workload in rounds against B's port (direct) and A's port (A forwards to B), the two
/// alternating, with both masters' CPU sampled around every run; first with every process on every
/// core, then with A on cores of its own (<see cref="CpuPlacement"/>). Prints the report; both masters
/// and all their workers are stopped by pid on the way out, also on Ctrl+C.
/// </summary>
internal sealed class ForwardRunner(ForwardOptions options)
{
    private const uint AddressA = 0x7F00_000B;
    private const uint AddressB = 0x7F00_000C;
    private const int PathChecks = 8;
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_checkTimeout = TimeSpan.FromSeconds(5);

    private readonly List<ClusterHost> _hosts = [];
    private bool _stopped;

    public async Task<int> RunAsync()
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = ProcFs.LoadAverage();
        using var onCancel = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => StopAll());
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => StopAll());
        try
        {
            var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            var a = Track(ClusterHost.Start("A", AddressA, options, secret, seed: null));
            await a.WaitForStartAsync(options.Load.ReadyTimeout).ConfigureAwait(false);
            var b = Track(ClusterHost.Start("B", AddressB, options, secret, a.ClusterAddress));
            await b.WaitForStartAsync(options.Load.ReadyTimeout).ConfigureAwait(false);
            Console.Error.WriteLine($"A: master {a.Master.Pid} on {a.AddressText}:{a.Port}, {a.ClusterAddress}; B: master {b.Master.Pid} on {b.AddressText}:{b.Port}, {b.ClusterAddress}; "
                + "waiting for 2 Up hosts …");
            await WaitUntilFormedAsync(a, b).ConfigureAwait(false);
            var sources = new SourceAddresses(await OwnedSources.FindAsync(a, b, options.Sources).ConfigureAwait(false));
            await CheckPathsAsync(a, b, sources).ConfigureAwait(false);
            var targets = new List<ForwardTarget>();
            foreach (var placement in options.Placements)
            {
                var suffix = placement.IsShared ? string.Empty : "PH";
                ForwardTarget[] pair =
                [
                    new(new TargetResults("direct" + suffix, $"client → B {b.AddressText}:{b.Port}"), b, Forwarded: false, placement),
                    new(new TargetResults("forwarded" + suffix, $"client → A {a.AddressText}:{a.Port} → B"), a, Forwarded: true, placement),
                ];
                targets.AddRange(pair);
                await PlaceAsync(a, b, placement).ConfigureAwait(false);
                Console.Error.WriteLine($"placement {placement.Name}: {placement.Description}");
                Warmup(pair, sources);
                await RoundsAsync(a, b, pair, sources, "1 req/conn", LoadMode.ConnectPerRequest, options.Load.Concurrency, ForwardMetrics.ConnPerSec, ForwardMetrics.GenCpuConn)
                    .ConfigureAwait(false);
                await RoundsAsync(a, b, pair, sources, "keep-alive", LoadMode.KeepAlive, options.Load.KeepAliveConnections, ForwardMetrics.KeepAliveReqPerSec, ForwardMetrics.GenCpuKeepAlive)
                    .ConfigureAwait(false);
            }

            var info = new RunInfo(started, Environment.ProcessorCount, FileLimit.Current, 0, $"{sources.FirstText}..{sources.LastText} ({sources.Count})", RuntimeInformation.FrameworkDescription, [])
            {
                LoadAverageBefore = loadBefore,
                LoadAverageAfter = ProcFs.LoadAverage(),
            };
            ForwardReport.Write(Console.Out, options, info, targets);
            return 0;
        }
        finally
        {
            StopAll();
        }
    }

    /// <summary>Until each master lists 2 Up, reachable hosts that each own buckets, and runs all its workers.</summary>
    private async Task WaitUntilFormedAsync(ClusterHost a, ClusterHost b)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var statusA = await a.TryStatusAsync().ConfigureAwait(false);
            var statusB = await b.TryStatusAsync().ConfigureAwait(false);
            if (Formed(statusA) && Formed(statusB))
            {
                Console.Error.WriteLine($"cluster formed after {clock.Elapsed.TotalSeconds:0.0} s: {Describe(statusA!)}");
                return;
            }

            if (clock.Elapsed > options.Load.ReadyTimeout)
            {
                throw new TimeoutException($"no 2-host cluster within {options.Load.ReadyTimeout.TotalSeconds:0} s; A sees {Describe(statusA)}; B sees {Describe(statusB)}");
            }

            await Task.Delay(s_poll).ConfigureAwait(false);
        }
    }

    private bool Formed(ClusterStatus? status) =>
        status is { Hosts.Count: 2 } && status.Hosts.All(h => h is { State: "Up", Reachable: true, BucketsOwned: > 0 })
        && status.Workers.Count == options.Load.Workers && status.Workers.All(w => w.State == WorkerState.Running);

    private static string Describe(ClusterStatus? status) => status is null
        ? "no answer yet"
        : string.Join(", ", status.Hosts.Select(h => $"{h.Address} {h.State}{(h.Reachable ? string.Empty : " unreachable")} {h.BucketsOwned} buckets"))
            + $"; workers {string.Join(", ", status.Workers.Select(w => $"{w.Pid} {w.State}"))}";

    /// <summary>The first few sources, direct and through A, must be answered by B's workers.</summary>
    private static async Task CheckPathsAsync(ClusterHost a, ClusterHost b, SourceAddresses sources)
    {
        var ownerPids = (await b.StatusAsync().ConfigureAwait(false)).Workers.Select(w => w.Pid).ToHashSet();
        for (var i = 0; i < Math.Min(PathChecks, sources.Count); i++)
        {
            foreach (var host in new[] { b, a })
            {
                var pid = await Readiness.TryGetPidAsync(host.Port, sources.Address(i), HttpRequestBytes.Close(host.Port), s_checkTimeout, host.Address).ConfigureAwait(false);
                if (!ownerPids.Contains(pid))
                {
                    throw new InvalidOperationException($"GET / from {SockAddr.Format(sources.Address(i))} to {host.Name} ({host.AddressText}:{host.Port}) was answered by pid {pid}, "
                        + $"not by one of B's workers ({string.Join(", ", ownerPids)})");
                }
            }
        }

        Console.Error.WriteLine($"clients {sources.FirstText}..{sources.LastText} ({sources.Count}) owned by B; the first {Math.Min(PathChecks, sources.Count)} answered by B's workers directly and through A");
    }

    /// <summary>Pins both hosts' masters and workers (as their masters list them now) and this process to <paramref name="placement"/>'s cores.</summary>
    private static async Task PlaceAsync(ClusterHost a, ClusterHost b, CpuPlacement placement)
    {
        var forwarder = (await a.StatusAsync().ConfigureAwait(false)).Workers.Select(w => w.Pid).Append(a.Master.Pid);
        var owner = (await b.StatusAsync().ConfigureAwait(false)).Workers.Select(w => w.Pid).Append(b.Master.Pid);
        placement.Apply(forwarder, owner);
    }

    private void Warmup(IEnumerable<ForwardTarget> targets, SourceAddresses sources)
    {
        if (options.Load.Warmup <= TimeSpan.Zero)
        {
            return;
        }

        foreach (var target in targets)
        {
            LoadGenerator.Run(Spec(target, LoadMode.ConnectPerRequest, options.Load.Concurrency, options.Load.Warmup), sources);
            LoadGenerator.Run(Spec(target, LoadMode.KeepAlive, options.Load.KeepAliveConnections, options.Load.Warmup), sources);
        }
    }

    private async Task RoundsAsync(ClusterHost a, ClusterHost b, ForwardTarget[] targets, SourceAddresses sources, string label, LoadMode mode, int connections, string perSecondKey, string cpuKey)
    {
        for (var round = 0; round < options.Load.Rounds; round++)
        {
            for (var i = 0; i < targets.Length; i++)
            {
                var target = targets[(i + round) % targets.Length];
                var spec = Spec(target, mode, connections, options.Load.RoundDuration);
                var result = await ForwardProbe.MeasureAsync(a, b, mode, target.Forwarded, () => LoadGenerator.Run(spec, sources), target.Results).ConfigureAwait(false);
                target.Results.Add(perSecondKey, result.PerSecond);
                target.Results.Add(cpuKey, result.GeneratorCpuShare);
                target.Results.Add(ForwardMetrics.Errors, result.Errors);
                Console.Error.WriteLine($"  {label,-10} round {round + 1}/{options.Load.Rounds} {target.Results.Key,-11}: {result.PerSecond,10:N0}/s  errors {result.Errors}  load gen CPU {result.GeneratorCpuShare:P0}");
            }
        }
    }

    private LoadSpec Spec(ForwardTarget target, LoadMode mode, int connections, TimeSpan duration) =>
        new(mode, target.Host.Port, duration, connections, 0, options.Load.Threads, target.Host.Address);

    private ClusterHost Track(ClusterHost host)
    {
        lock (_hosts)
        {
            if (!_stopped)
            {
                _hosts.Add(host);
                return host;
            }
        }

        host.Dispose();
        throw new OperationCanceledException("stopped while starting");
    }

    /// <summary>Stops both hosts at once (each: SIGTERM, then its process tree and leftover workers killed by pid).</summary>
    private void StopAll()
    {
        ClusterHost[] hosts;
        lock (_hosts)
        {
            _stopped = true;
            hosts = [.. _hosts];
            _hosts.Clear();
        }

        Parallel.ForEach(hosts, host => host.Dispose());
    }
}
