using System.Globalization;
using System.Net;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// The Chat sample under StickyActors: one master (started here, on 127.0.0.1 or another loopback
/// address, port 0) and its workers. Ready once the master's status lists every worker running with its share of the buckets. Dispose stops the master
/// with SIGTERM (it stops its workers), then SIGKILLs any process of the cluster still alive.
/// </summary>
internal sealed class ChatCluster : IAsyncDisposable
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);

    private readonly ChildProcess _master;
    private readonly string? _configFile;

    private ChatCluster(ChildProcess master, string? configFile, IPEndPoint endPoint, IReadOnlyList<int> workerPids)
    {
        _master = master;
        _configFile = configFile;
        EndPoint = endPoint;
        WorkerPids = workerPids;
    }

    /// <summary>Where the master accepts.</summary>
    public IPEndPoint EndPoint { get; }

    public Uri BaseUri => new($"http://{EndPoint}/");

    public int MasterPid => _master.Pid;

    public IReadOnlyList<int> WorkerPids { get; }

    public static Task<ChatCluster> StartAsync(int workers, TimeSpan timeout, params string[] moreArgs) =>
        StartAsync(workers, timeout, IPAddress.Loopback, hocon: null, moreArgs);

    /// <summary>A master bound to <paramref name="address"/>, its configuration <paramref name="hocon"/> (a file laid over the defaults) when given.</summary>
    public static async Task<ChatCluster> StartAsync(int workers, TimeSpan timeout, IPAddress address, string? hocon, params string[] moreArgs)
    {
        var count = workers.ToString(CultureInfo.InvariantCulture);
        string? configFile = null;
        if (hocon is not null)
        {
            configFile = Path.Combine(Path.GetTempPath(), $"sticky-chat-{Guid.NewGuid():N}.conf");
            await File.WriteAllTextAsync(configFile, hocon);
            moreArgs = ["--config", configFile, .. moreArgs];
        }

        var master = ChildProcess.Start("chat master " + address, "dotnet", [RepoPaths.ChatDll, "--port", "0", "--workers", count, "--address", address.ToString(), .. moreArgs]);
        try
        {
            var port = ListenLine.Port(await master.WaitForLineAsync(ListenLine.Matches, timeout));
            var pids = await WaitForWorkersAsync(master, workers, timeout);
            return new ChatCluster(master, configFile, new IPEndPoint(address, port), pids);
        }
        catch
        {
            await master.DisposeAsync();
            DeleteConfig(configFile);
            throw;
        }
    }

    /// <summary>The first line of the master's output (written so far or within <paramref name="timeout"/>) that matches.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout) => _master.WaitForLineAsync(match, timeout);

    /// <summary>The master's status line (SIGUSR1): <c>sticky-status {json}</c>.</summary>
    public Task<string> StatusLineAsync() => RequestStatusLineAsync(_master);

    /// <summary>The master's recent output, for failure messages.</summary>
    public string RecentOutput() => _master.RecentOutput();

    public async ValueTask DisposeAsync()
    {
        // Captured while they still run Chat.dll: the kill below reaches them and never a process
        // that was given one of their pids after they exited.
        var workers = WorkerPids.Union(await CurrentWorkerPidsAsync())
            .Where(IsChatProcess)
            .Select(OwnedProcess.Capture)
            .OfType<OwnedProcess>()
            .ToList();
        await _master.StopAsync(TimeSpan.FromSeconds(20));
        await _master.DisposeAsync();
        workers.ForEach(w => w.Kill());
        DeleteConfig(_configFile);
    }

    private static void DeleteConfig(string? configFile)
    {
        if (configFile is not null)
        {
            File.Delete(configFile);
        }
    }

    /// <summary>Workers started since the cluster was ready (replacements), so that none outlives the test.</summary>
    private async Task<IReadOnlyList<int>> CurrentWorkerPidsAsync()
    {
        try
        {
            return [.. (await RequestStatusAsync(_master)).Select(w => w.Pid)];
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return [];
        }
    }

    private static async Task<IReadOnlyList<(int Pid, int BucketsOwned)>> RequestStatusAsync(ChildProcess master) =>
        StickyStatusLine.RunningWorkers(await RequestStatusLineAsync(master));

    private static Task<string> RequestStatusLineAsync(ChildProcess master)
    {
        var reply = master.WaitForLineAsync(line => line.Contains(StickyStatusLine.Prefix, StringComparison.Ordinal), StatusTimeout, includePast: false);
        Signals.Kill(master.Pid, Signals.SIGUSR1);
        return reply;
    }

    /// <summary>Asks for the status (SIGUSR1) until every worker runs on its own buckets; there is no event to await.</summary>
    private static async Task<IReadOnlyList<int>> WaitForWorkersAsync(ChildProcess master, int workers, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var running = await RequestStatusAsync(master);
            if (StickyStatusLine.AllRunningAndBalanced(running, workers))
            {
                return [.. running.Select(w => w.Pid)];
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{running.Count} of {workers} workers running (buckets: {string.Join(", ", running.Select(w => w.BucketsOwned))}) after {timeout.TotalSeconds:0} s:{Environment.NewLine}{master.RecentOutput()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }
    }

    /// <summary>Guards against pid reuse: only a process running Chat.dll is remembered as a worker.</summary>
    private static bool IsChatProcess(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("Chat.dll", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
