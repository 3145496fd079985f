using System.Collections.Concurrent;
using System.Diagnostics;
using StickyActors.Benchmarks.Interop;

namespace StickyActors.Benchmarks.Servers;

/// <summary>
/// One server process the harness started: its output drained (keeping the last lines and any
/// <c>sticky-status</c> answer), stopped by pid with SIGTERM and, after a grace period, killed with
/// its whole process tree.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const string StatusPrefix = "sticky-status ";
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly BlockingCollection<string> _statusLines = [];
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly Lock _gate = new();
    private bool _disposed;
    private bool _signalled;

    private ServerProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        LineWritten += onLine;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Raised on a reader thread for every line written to stdout or stderr, status lines excepted.</summary>
    public event Action<string>? LineWritten;

    /// <summary>
    /// Starts <paramref name="fileName"/>; <paramref name="onLine"/>, when given, is subscribed to
    /// <see cref="LineWritten"/> before the first line is read, so it sees every line.
    /// </summary>
    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}."), onLine);
    }

    /// <summary>The last lines the process wrote, for error messages.</summary>
    public string RecentOutput() => string.Join(Environment.NewLine, _tail);

    /// <summary>Sends SIGUSR1 and waits for the <c>sticky-status</c> line it prints; returns its JSON.</summary>
    public string RequestStatus(TimeSpan timeout)
    {
        while (_statusLines.TryTake(out _))
        {
        }

        ThrowIfExited();
        _signalled = true;
        Libc.Kill(Pid, Libc.SIGUSR1);
        if (_statusLines.TryTake(out var line, timeout))
        {
            return line;
        }

        ThrowIfExited();
        throw new TimeoutException($"No sticky-status line from pid {Pid} within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>Throws, with the last output lines, if the process is gone.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            var hint = _signalled
                ? " after SIGUSR1 (its handler must set PosixSignalContext.Cancel = true, or the runtime then applies the default action, terminate)"
                : string.Empty;
            throw new InvalidOperationException($"pid {Pid} exited (code {_process.ExitCode}){hint}; its last output:{Environment.NewLine}{RecentOutput()}");
        }
    }

    /// <summary>SIGTERM, then after <paramref name="grace"/> a kill of the process and its children.</summary>
    public void Stop(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        Libc.Kill(Pid, Libc.SIGTERM);
        if (!_process.WaitForExit(grace))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(grace);
        }
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(10));
        _process.Dispose();
        lock (_gate)
        {
            _disposed = true;
            _statusLines.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith(StatusPrefix, StringComparison.Ordinal))
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    _statusLines.Add(line[StatusPrefix.Length..]);
                }
            }

            return;
        }

        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }

        LineWritten?.Invoke(line);
    }
}
