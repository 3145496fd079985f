using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace StickyActors.Worker;

/// <summary>
/// How long a worker took from its master's <c>exec</c> to being ready, by phase: runtime start (exec
/// to the host starting), actor system and remoting, then in parallel the association and
/// registration with the master and the application's start (its first accept). The master stamps
/// the launch with <see cref="Stopwatch.GetTimestamp"/> (CLOCK_MONOTONIC, shared by every process of
/// the machine), so the figures need no clock agreement. Logged once, when the worker is ready.
/// </summary>
internal sealed class WorkerStartupTrace(ILogger logger, int workerId)
{
    /// <summary>The master's <see cref="Stopwatch.GetTimestamp"/> just before it started this process.</summary>
    public const string LaunchedAtVariable = "STICKY_ACTORS_LAUNCHED_AT";

    private readonly long _launchedAt = ReadLaunchedAt();
    private readonly long _hostStarted = Stopwatch.GetTimestamp();
    private long _actorSystemUp;
    private long _registered;
    private long _accepting;
    private int _logged;

    /// <summary>Stamps a process environment for a launch happening now.</summary>
    public static void StampLaunch(IDictionary<string, string?> environment) =>
        environment[LaunchedAtVariable] = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);

    public void ActorSystemUp() => Volatile.Write(ref _actorSystemUp, Stopwatch.GetTimestamp());

    public void Registered() => Mark(ref _registered);

    public void Accepting() => Mark(ref _accepting);

    private static long ReadLaunchedAt() =>
        long.TryParse(Environment.GetEnvironmentVariable(LaunchedAtVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at : 0;

    private static double Milliseconds(long from, long to) => Math.Round(Stopwatch.GetElapsedTime(from, to).TotalMilliseconds, 1);

    private void Mark(ref long at)
    {
        if (Interlocked.CompareExchange(ref at, Stopwatch.GetTimestamp(), 0) != 0
            || Volatile.Read(ref _registered) == 0 || Volatile.Read(ref _accepting) == 0
            || Interlocked.Exchange(ref _logged, 1) == 1)
        {
            return;
        }

        var launched = _launchedAt == 0 ? _hostStarted : _launchedAt;
        var system = Volatile.Read(ref _actorSystemUp);
        WorkerStartupLog.Ready(
            logger,
            workerId,
            Milliseconds(launched, Math.Max(_registered, _accepting)),
            Milliseconds(launched, _hostStarted),
            Milliseconds(_hostStarted, system),
            Milliseconds(system, _registered),
            Milliseconds(system, _accepting),
            _launchedAt);
    }
}
