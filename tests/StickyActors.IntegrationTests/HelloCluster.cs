using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// The Hello sample as a real master with real worker processes on 127.0.0.1, port 0. Reads its
/// output, asks it for status (SIGUSR1), records every process it starts (from the process tree and
/// the status), and on dispose kills the master and every one of them whose pid still belongs to it.
/// </summary>
internal sealed partial class HelloCluster : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _master;
    private readonly string? _configFile;
    private readonly Task _ready;

    private HelloCluster(ChildProcess master, string? configFile)
    {
        _master = master;
        _configFile = configFile;
        _ready = _master.Output.WaitForAsync(ReadyLine(), s_startTimeout);
    }

    public int MasterPid => _master.Pid;

    public int Port { get; private set; }

    public string ControlPlaneAddress { get; private set; } = string.Empty;

    public OutputLog Output => _master.Output;

    public Process Process => _master.Process;

    /// <summary>Replaces the configuration file: what a master started from now on reads (a handover's new master).</summary>
    public void RewriteConfig(string hocon) =>
        File.WriteAllText(_configFile ?? throw new InvalidOperationException("This cluster was started without a configuration file."), hocon);

    /// <summary>Every process the master started that was seen so far (process tree and status), alive or not.</summary>
    public IReadOnlyCollection<OwnedProcess> SeenWorkers => _master.Descendants;

    /// <summary>Starts the cluster and waits until every worker runs.</summary>
    /// <param name="workers">How many workers.</param>
    /// <param name="hocon">Configuration on top of the defaults, or null.</param>
    /// <param name="arguments">More command-line arguments for the program, or null.</param>
    /// <param name="app">The program (a dll run with <c>dotnet</c>); the Hello sample when null.</param>
    /// <param name="address">The loopback address the master listens on.</param>
    public static async Task<HelloCluster> StartAsync(int workers, string? hocon = null, IReadOnlyList<string>? arguments = null, string? app = null, string address = "127.0.0.1")
    {
        var cluster = Launch(workers, hocon, arguments, app, address);
        try
        {
            var listening = await cluster.Output.WaitForAsync(ListeningLine(), s_startTimeout);
            cluster.Port = int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture);
            var remoting = await cluster.Output.WaitForAsync(RemotingLine(), s_startTimeout);
            cluster.ControlPlaneAddress = remoting.Groups[1].Value;
            await cluster.WaitForStatusAsync(s => s.Workers.Count(w => w.State == "Running") == workers, s_startTimeout);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the sample (or <paramref name="app"/>) without waiting for anything (for start-up failures).</summary>
    public static HelloCluster Launch(int workers, string? hocon = null, IReadOnlyList<string>? arguments = null, string? app = null, string address = "127.0.0.1")
    {
        string? configFile = null;
        List<string> command = [app ?? RepoPaths.SampleDll("Hello"), "--address", address, "--port", "0"];

        // A configuration that sets the worker count keeps it, so a handover can take a rewritten one (--workers would win).
        if (hocon is null || !hocon.Contains("workers.count", StringComparison.Ordinal))
        {
            command.AddRange(["--workers", workers.ToString(CultureInfo.InvariantCulture)]);
        }

        if (hocon is not null)
        {
            configFile = Path.Combine(Path.GetTempPath(), $"sticky-test-{Guid.NewGuid():N}.conf");
            File.WriteAllText(configFile, hocon);
            command.AddRange(["--config", configFile]);
        }

        command.AddRange(arguments ?? []);
        return new HelloCluster(ChildProcess.Start("hello master", "dotnet", command), configFile);
    }

    public async Task<ClusterSnapshot> StatusAsync(TimeSpan? timeout = null)
    {
        // Before Hello has set up its SIGUSR1 handler, the signal's default action would end it.
        await _ready;
        var from = Output.Count;
        Signals.Kill(MasterPid, Signals.SIGUSR1);
        var line = await Output.WaitForAsync(StatusLine(), timeout ?? TimeSpan.FromSeconds(10), from);
        var snapshot = ClusterSnapshot.Parse(line.Groups[1].Value);
        foreach (var worker in snapshot.Workers.Where(w => w.Pid > 0))
        {
            _master.Tree.Remember(worker.Pid);
        }

        return snapshot;
    }

    public async Task<ClusterSnapshot> WaitForStatusAsync(Func<ClusterSnapshot, bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        ClusterSnapshot? last = null;
        while (deadline.Elapsed < timeout)
        {
            last = await StatusAsync();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"cluster did not reach the expected state within {timeout}; last status: {last}\n{Output}");
    }

    /// <summary>Every live process whose parent is the master.</summary>
    public IReadOnlyList<int> ChildPids() => ProcFs.ChildrenOf(MasterPid);

    /// <summary>
    /// Kills the master and every process of the cluster ever seen whose pid still belongs to it.
    /// Never throws: a failure here must not hide the test's own.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _master.Tree.SampleNow();
        _master.KillTree();
        await _master.DisposeAsync();
        if (_configFile is not null)
        {
            File.Delete(_configFile);
        }
    }

    [GeneratedRegex(@"accepting on 127\.\d+\.\d+\.\d+:(\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"control plane (akka\.(?:ssl\.tcp://sticky-master@127\.0\.0\.1|socketpair://sticky-master@localhost):\d+)")]
    private static partial Regex RemotingLine();

    // "Hello master N ready", or another test app's name.
    [GeneratedRegex(@"^\S+ master \d+ ready")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"^sticky-status (\{.*\})$")]
    private static partial Regex StatusLine();
}
