using System.Diagnostics;
using System.Text.RegularExpressions;

namespace StickyActors.TestSupport;

/// <summary>A process's output lines, with waits for a line that matches.</summary>
public sealed class OutputLog
{
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;

    /// <summary>How many lines were written so far.</summary>
    public int Count
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Appends a line; null (the end of a stream) is ignored.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_lines)
        {
            _lines.Add(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>No line will come any more (the process closed its output): waits fail at once.</summary>
    public void Close()
    {
        TaskCompletionSource changed;
        lock (_lines)
        {
            _closed = true;
            changed = _changed;
        }

        changed.TrySetResult();
    }

    /// <summary>True when any line contains <paramref name="text"/>.</summary>
    public bool Contains(string text)
    {
        lock (_lines)
        {
            return _lines.Exists(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>Waits for the first line at or after <paramref name="from"/> that matches.</summary>
    public async Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout, int from = 0)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Match? found = null;
        await WaitForAsync(line => (found = pattern.Match(line)).Success, $"/{pattern}/", timeout, from).ConfigureAwait(false);
        return found!;
    }

    /// <summary>Every line from index <paramref name="from"/> on.</summary>
    public string[] Since(int from)
    {
        lock (_lines)
        {
            return _lines.Skip(from).ToArray();
        }
    }

    /// <summary>Waits for the first line at or after <paramref name="from"/> for which <paramref name="match"/> holds.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int from = 0) =>
        WaitForAsync(match, "the awaited condition", timeout, from);

    /// <inheritdoc/>
    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines.TakeLast(60));
        }
    }

    private async Task<string> WaitForAsync(Func<string, bool> match, string what, TimeSpan timeout, int from)
    {
        var clock = Stopwatch.StartNew();
        var next = from;
        while (true)
        {
            Task changed;
            bool closed;
            lock (_lines)
            {
                for (; next < _lines.Count; next++)
                {
                    if (match(_lines[next]))
                    {
                        return _lines[next];
                    }
                }

                changed = _changed.Task;
                closed = _closed;
            }

            if (closed)
            {
                throw new InvalidOperationException($"the process closed its output (exited) without a line matching {what}:\n{this}");
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)).ConfigureAwait(false) != changed)
            {
                throw new TimeoutException($"no output line matched {what} within {timeout}:\n{this}");
            }
        }
    }
}
