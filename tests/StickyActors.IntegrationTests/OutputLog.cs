using System.Diagnostics;
using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>A process's output lines, with waits for a line that matches.</summary>
internal sealed class OutputLog
{
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
        var clock = Stopwatch.StartNew();
        var next = from;
        while (true)
        {
            Task changed;
            lock (_lines)
            {
                for (; next < _lines.Count; next++)
                {
                    var match = pattern.Match(_lines[next]);
                    if (match.Success)
                    {
                        return match;
                    }
                }

                changed = _changed.Task;
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
            {
                throw new TimeoutException($"no output line matched /{pattern}/ within {timeout}:\n{this}");
            }
        }
    }

    /// <summary>Every line from index <paramref name="from"/> on.</summary>
    public string[] Since(int from)
    {
        lock (_lines)
        {
            return _lines.Skip(from).ToArray();
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines.TakeLast(60));
        }
    }
}
