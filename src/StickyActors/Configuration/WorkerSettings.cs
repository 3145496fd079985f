namespace StickyActors.Configuration;

/// <summary>Worker processes (<c>sticky-actors.workers</c>).</summary>
/// <param name="Count">Number of workers. Defaults to the processor count.</param>
/// <param name="Executable">Program to start; empty means this executable. Defaults to empty.</param>
/// <param name="Arguments">Its arguments when <paramref name="Executable"/> is set. Defaults to none.</param>
/// <param name="RestartBackoff">Restart backoff after a worker exits.</param>
/// <param name="StartupTimeout">Time a worker has to register. Defaults to 30 s.</param>
/// <param name="ShutdownTimeout">Time a draining worker has before it is killed. Defaults to 30 s.</param>
public sealed record WorkerSettings(
    int Count,
    string Executable,
    IReadOnlyList<string> Arguments,
    BackoffSettings RestartBackoff,
    TimeSpan StartupTimeout,
    TimeSpan ShutdownTimeout)
{
    /// <summary>
    /// Exits in a row (no uptime of <see cref="BackoffSettings.ResetAfter"/> between them) after which
    /// the master gives up on the slot (<c>workers.crash-loop.max-exits</c>); 0 never gives up. Defaults to 0.
    /// </summary>
    public int CrashLoopMaxExits { get; init; }

    /// <summary>What giving up means (<c>workers.crash-loop.on-limit</c>). Defaults to <see cref="CrashLoopAction.GiveUpSlot"/>.</summary>
    public CrashLoopAction CrashLoopOnLimit { get; init; }

    /// <summary>
    /// The most worker slots SIGTTIN or <c>StickyActorHost.AddWorkerAsync</c> may reach
    /// (<c>workers.max-count</c>; 0 in HOCON means four times <see cref="Count"/>, at most 1024, and
    /// never more than <c>routing.buckets</c>). Defaults to <see cref="Count"/> when not set here.
    /// </summary>
    public int MaxCount
    {
        get => Math.Max(field, Count);
        init;
    }
}

/// <summary>Exponential restart backoff (<c>sticky-actors.workers.restart-backoff</c>).</summary>
/// <param name="Min">First delay. Defaults to 200 ms.</param>
/// <param name="Max">Cap. Defaults to 30 s.</param>
/// <param name="RandomFactor">Jitter, 0 to 1. Defaults to 0.2.</param>
/// <param name="ResetAfter">Uptime after which the delay starts again at min. Defaults to 30 s.</param>
public sealed record BackoffSettings(TimeSpan Min, TimeSpan Max, double RandomFactor, TimeSpan ResetAfter);
