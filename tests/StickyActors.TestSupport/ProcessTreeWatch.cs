namespace StickyActors.TestSupport;

/// <summary>
/// Records every descendant of a process while it runs (sampled from /proc), by pid and start time:
/// a process that was reparented after its parent died is still known, and a kill later reaches
/// only those whose pid still belongs to them.
/// </summary>
public sealed class ProcessTreeWatch : IAsyncDisposable
{
    private static readonly TimeSpan s_period = TimeSpan.FromMilliseconds(100);

    private readonly int _root;
    private readonly HashSet<OwnedProcess> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;

    /// <summary>Starts sampling the descendants of <paramref name="root"/> until it exits or this is disposed.</summary>
    public ProcessTreeWatch(int root)
    {
        _root = root;
        _sampler = Task.Run(SampleAsync);
    }

    /// <summary>Every descendant seen so far, alive or not.</summary>
    public IReadOnlyCollection<OwnedProcess> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>Records the descendants the root has now (call it right before killing the root).</summary>
    public void SampleNow()
    {
        foreach (var pid in ProcFs.DescendantsOf(_root))
        {
            Remember(pid);
        }
    }

    /// <summary>Records <paramref name="pid"/> as one of the tree's processes (one learned otherwise, e.g. from a status).</summary>
    public void Remember(int pid)
    {
        if (OwnedProcess.Capture(pid) is { } process)
        {
            lock (_seen)
            {
                _seen.Add(process);
            }
        }
    }

    /// <summary>SIGKILL to every recorded descendant whose pid still belongs to it.</summary>
    public void KillAll()
    {
        foreach (var process in Seen)
        {
            process.Kill();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(s_period);
        try
        {
            do
            {
                SampleNow();
            }
            while (ProcFs.IsAlive(_root) && await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
