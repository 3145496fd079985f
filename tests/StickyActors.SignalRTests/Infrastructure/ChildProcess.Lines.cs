namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>The output side: every line kept (the last few hundred) and awaitable.</summary>
internal sealed partial class ChildProcess
{
    private const int KeptLines = 300;

    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private int _openStreams = 2;

    /// <summary>
    /// The first line (among those already read when <paramref name="includePast"/>) that matches;
    /// throws with the recent output if the process exits or <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, bool includePast = true)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (includePast && _lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            _waiters.Add((match, found));
        }

        if (Volatile.Read(ref _openStreams) == 0)
        {
            FailWaiters();
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} (pid {Pid}) printed no awaited line within {timeout.TotalSeconds:0} s; its last output:{Environment.NewLine}{RecentOutput()}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Found == found);
            }
        }
    }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string RecentOutput()
    {
        lock (_gate)
        {
            return string.Join(Environment.NewLine, _lines);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            // End of stdout or stderr. Once both ended, no awaited line can come any more.
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                FailWaiters();
            }

            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }

            foreach (var waiter in _waiters.Where(w => w.Match(line)))
            {
                waiter.Found.TrySetResult(line);
            }
        }
    }

    private void FailWaiters()
    {
        var output = RecentOutput();
        lock (_gate)
        {
            foreach (var waiter in _waiters)
            {
                waiter.Found.TrySetException(new InvalidOperationException($"{Name} (pid {Pid}) closed its output (exited); its last output:{Environment.NewLine}{output}"));
            }
        }
    }
}
