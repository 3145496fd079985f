using System.Diagnostics;

namespace StickyActors.TestSupport;

/// <summary>
/// A process a test started: its standard output and error read line by line into an
/// <see cref="OutputLog"/> (a test can await a line), every descendant it starts recorded while it
/// runs, and on dispose stopped (SIGTERM, then after a grace period SIGKILL) together with every
/// recorded descendant whose pid still belongs to it. Nothing it started outlives the test.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan s_disposeGrace = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly ProcessTreeWatch _tree;
    private int _openStreams = 2;

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        Pid = process.Id;
        _tree = new ProcessTreeWatch(Pid);
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>A name for failure messages.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Pid { get; }

    /// <summary>The underlying process (exit code, waits).</summary>
    public Process Process => _process;

    /// <summary>Every line written to standard output or error.</summary>
    public OutputLog Output { get; } = new();

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Every descendant seen while the process ran (sampled), including those that exited since.</summary>
    public IReadOnlyCollection<OwnedProcess> Descendants => _tree.Seen;

    /// <summary>The record of its descendants; killed with it.</summary>
    public ProcessTreeWatch Tree => _tree;

    /// <summary>Starts <paramref name="fileName"/> with its output redirected.</summary>
    /// <param name="name">A name for failure messages.</param>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, one element each.</param>
    /// <param name="environment">Variables set in its environment.</param>
    /// <param name="workingDirectory">Its working directory; the test's when null.</param>
    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new ChildProcess(name, Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}."));
    }

    /// <summary>
    /// The first line (among those already written when <paramref name="includePast"/>) that matches;
    /// throws with the recent output if the process exits or <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, bool includePast = true)
    {
        try
        {
            return await Output.WaitForLineAsync(match, timeout, includePast ? 0 : Output.Count).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{Name} (pid {Pid}) printed no awaited line within {timeout.TotalSeconds:0} s: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{Name} (pid {Pid}): {e.Message}", e);
        }
    }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string RecentOutput() => Output.ToString();

    /// <summary>Waits for the process to exit; false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM; after <paramref name="grace"/>, SIGKILL to the process and its descendants.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            Signals.Kill(Pid, Signals.SIGTERM);
            if (!await WaitForExitAsync(grace).ConfigureAwait(false))
            {
                KillTree();
            }
        }
    }

    /// <summary>SIGKILL to the process, every descendant it has now, and every recorded one still alive.</summary>
    public void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _tree.KillAll();
        _process.WaitForExit(s_disposeGrace);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(s_disposeGrace).ConfigureAwait(false);
        await _tree.DisposeAsync().ConfigureAwait(false);
        _tree.KillAll();
        _process.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void OnLine(string? line)
    {
        if (line is not null)
        {
            Output.Add(line);
        }
        else if (Interlocked.Decrement(ref _openStreams) == 0)
        {
            // End of stdout and stderr: no awaited line can come any more.
            Output.Close();
        }
    }
}
