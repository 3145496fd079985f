using System.Diagnostics;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// Asks the master for its status (SIGUSR1) and waits for conditions on it, polling every 50 ms,
/// bounded in time. Remembers every worker pid it has seen, so the harness can kill leftovers.
/// </summary>
internal sealed class ClusterWatch(ServerProcess master)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(5);

    private readonly HashSet<int> _pidsSeen = [];

    public ServerProcess Master => master;

    /// <summary>Every worker pid any status has shown (a copy; safe from a signal handler).</summary>
    public IReadOnlyCollection<int> PidsSeen
    {
        get
        {
            lock (_pidsSeen)
            {
                return [.. _pidsSeen];
            }
        }
    }

    public ClusterView Status()
    {
        var view = ClusterView.Parse(master.RequestStatus(StatusTimeout));
        lock (_pidsSeen)
        {
            _pidsSeen.UnionWith(view.Workers.Where(w => w.Pid > 0).Select(w => w.Pid));
        }

        return view;
    }

    /// <summary>
    /// Polls until <paramref name="done"/> holds; returns that status and the Stopwatch timestamp when
    /// its answer arrived (so a time measured to it errs late, by at most one poll and one status
    /// round trip). Throws, naming <paramref name="what"/>, after <paramref name="timeout"/>.
    /// </summary>
    public async Task<(ClusterView View, long At)> UntilAsync(Func<ClusterView, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var view = Status();
            var seenAt = Stopwatch.GetTimestamp();
            if (done(view))
            {
                return (view, seenAt);
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not reached within {timeout.TotalSeconds:0} s; last status: {view.Describe()}");
            }

            await Task.Delay(Poll).ConfigureAwait(false);
        }
    }
}
