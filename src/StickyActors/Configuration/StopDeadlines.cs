namespace StickyActors.Configuration;

/// <summary>
/// Every deadline derived from <c>workers.shutdown-timeout</c>, in one place: each layer waits a
/// little longer than the layer it waits for, so the inner one always answers first.
/// </summary>
internal static class StopDeadlines
{
    /// <summary>How much longer the master waits for one worker's drain answer than the drain's own deadline.</summary>
    public static readonly TimeSpan DrainAnswerMargin = TimeSpan.FromSeconds(1);

    /// <summary>How much longer the master's host waits for the drain of all workers than the drain's deadline.</summary>
    public static readonly TimeSpan AllDrainedMargin = TimeSpan.FromSeconds(2);

    /// <summary>How much longer an application's host gives the master's stop than the drain's deadline (drain, then kill stragglers, then stop Akka).</summary>
    public static readonly TimeSpan HostStopMargin = TimeSpan.FromSeconds(5);

    /// <summary>Wait for one worker's <c>WorkerDrained</c> answer, and a draining worker's hard exit.</summary>
    public static TimeSpan DrainAnswer(TimeSpan deadline) => deadline + DrainAnswerMargin;

    /// <summary>Wait for the master's <c>AllDrained</c> answer.</summary>
    public static TimeSpan AllDrainedAnswer(TimeSpan deadline) => deadline + AllDrainedMargin;

    /// <summary>The <c>HostOptions.ShutdownTimeout</c> a master's application needs.</summary>
    public static TimeSpan MasterHostStop(WorkerSettings workers) => workers.ShutdownTimeout + HostStopMargin;

    /// <summary>The <c>HostOptions.ShutdownTimeout</c> a worker's application gets: the drain's own deadline.</summary>
    public static TimeSpan WorkerHostStop(WorkerSettings workers) => workers.ShutdownTimeout;
}
