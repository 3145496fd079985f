using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using StickyActors.Handoff.Interop;

namespace StickyActors.IntegrationTests;

/// <summary>
/// The Hello sample as a real master with real worker processes on 127.0.0.1, port 0. Reads its
/// output, asks it for status (SIGUSR1), and on dispose kills every process it started by pid.
/// </summary>
internal sealed partial class HelloCluster : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _master;
    private readonly OutputLog _output = new();
    private readonly HashSet<int> _workerPids = [];
    private readonly string? _configFile;
    private readonly Task _ready;

    private HelloCluster(Process master, string? configFile)
    {
        _master = master;
        _configFile = configFile;
        _master.OutputDataReceived += (_, e) => _output.Add(e.Data);
        _master.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        _master.BeginOutputReadLine();
        _master.BeginErrorReadLine();
        _ready = _output.WaitForAsync(ReadyLine(), s_startTimeout);
    }

    public int MasterPid => _master.Id;

    public int Port { get; private set; }

    public string ControlPlaneAddress { get; private set; } = string.Empty;

    public OutputLog Output => _output;

    public Process Process => _master;

    public static async Task<HelloCluster> StartAsync(int workers, string? hocon = null)
    {
        var cluster = Launch(workers, hocon);
        try
        {
            var listening = await cluster._output.WaitForAsync(ListeningLine(), s_startTimeout);
            cluster.Port = int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture);
            var remoting = await cluster._output.WaitForAsync(RemotingLine(), s_startTimeout);
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

    /// <summary>Starts the sample without waiting for anything (for start-up failures).</summary>
    public static HelloCluster Launch(int workers, string? hocon = null)
    {
        string? configFile = null;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.SampleDll("Hello"));
        info.ArgumentList.Add("--address");
        info.ArgumentList.Add("127.0.0.1");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add("0");
        info.ArgumentList.Add("--workers");
        info.ArgumentList.Add(workers.ToString(CultureInfo.InvariantCulture));
        if (hocon is not null)
        {
            configFile = Path.Combine(Path.GetTempPath(), $"sticky-test-{Guid.NewGuid():N}.conf");
            File.WriteAllText(configFile, hocon);
            info.ArgumentList.Add("--config");
            info.ArgumentList.Add(configFile);
        }

        return new HelloCluster(Process.Start(info)!, configFile);
    }

    public async Task<ClusterSnapshot> StatusAsync(TimeSpan? timeout = null)
    {
        // Before Hello has set up its SIGUSR1 handler, the signal's default action would end it.
        await _ready;
        var from = _output.Count;
        Libc.Kill(_master.Id, 10);
        var line = await _output.WaitForAsync(StatusLine(), timeout ?? TimeSpan.FromSeconds(10), from);
        var snapshot = ClusterSnapshot.Parse(line.Groups[1].Value);
        lock (_workerPids)
        {
            foreach (var worker in snapshot.Workers.Where(w => w.Pid > 0))
            {
                _workerPids.Add(worker.Pid);
            }
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

        throw new TimeoutException($"cluster did not reach the expected state within {timeout}; last status: {last}\n{_output}");
    }

    /// <summary>Every live process whose parent is the master.</summary>
    public IReadOnlyList<int> ChildPids() => ProcFs.ChildrenOf(_master.Id);

    public async ValueTask DisposeAsync()
    {
        var pids = new List<int>(ChildPids());
        lock (_workerPids)
        {
            pids.AddRange(_workerPids);
        }

        try
        {
            _master.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        foreach (var pid in pids.Distinct())
        {
            Libc.Kill(pid, 9);
        }

        await _master.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _master.Dispose();
        if (_configFile is not null)
        {
            File.Delete(_configFile);
        }
    }

    [GeneratedRegex(@"accepting on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"listening on addresses : \[(akka\.ssl\.tcp://sticky-master@127\.0\.0\.1:\d+)\]")]
    private static partial Regex RemotingLine();

    [GeneratedRegex(@"^Hello master \d+ ready")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"^sticky-status (\{.*\})$")]
    private static partial Regex StatusLine();
}
