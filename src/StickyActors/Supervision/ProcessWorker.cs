using System.Diagnostics;

namespace StickyActors.Supervision;

/// <summary>A worker's OS process: exit as a task, its standard output and error forwarded and their tail kept.</summary>
internal sealed class ProcessWorker : IWorkerProcess
{
    private const int KeptErrorLines = 20;

    private readonly Process _process;
    private readonly Queue<string> _lastErrorLines = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProcessWorker(Process process) => _process = process;

    public int Pid => _process.Id;

    public Task<int> Exited => _exited.Task;

    public IReadOnlyList<string> LastErrorLines
    {
        get
        {
            lock (_lastErrorLines)
            {
                return _lastErrorLines.ToArray();
            }
        }
    }

    /// <param name="info">The worker's command, with standard output and error redirected.</param>
    /// <param name="workerId">The worker's slot.</param>
    /// <param name="outputLine">Takes each line of output (worker id, pid, line); returns what the crash tail keeps, or null.</param>
    public static ProcessWorker Start(ProcessStartInfo info, int workerId, Func<int, int, string, string?> outputLine)
    {
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new ProcessWorker(process);
        var pid = 0;
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null && outputLine(workerId, Volatile.Read(ref pid), e.Data) is { } kept)
            {
                worker.Keep(kept);
            }
        }

        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.Start();
        Volatile.Write(ref pid, process.Id);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _ = worker.WatchExitAsync();
        return worker;
    }

    public void Terminate()
    {
        try
        {
            if (!_process.HasExited)
            {
                Interop.Libc.Kill(_process.Id, Interop.Libc.SIGTERM);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task WatchExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _exited.TrySetResult(_process.ExitCode);
    }

    private void Keep(string line)
    {
        lock (_lastErrorLines)
        {
            if (_lastErrorLines.Count == KeptErrorLines)
            {
                _lastErrorLines.Dequeue();
            }

            _lastErrorLines.Enqueue(line);
        }
    }
}
