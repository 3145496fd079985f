using System.Diagnostics;
using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Faults;

/// <summary>What every round needs: the settings, the server's port, the client addresses, the master's status.</summary>
internal sealed record FaultRun(FaultsOptions Options, int Port, SourceAddresses Sources, ClusterWatch Watch)
{
    /// <summary>How long to wait for every client's worker to be known before a fault.</summary>
    public TimeSpan LearnTimeout => Options.Learn + TimeSpan.FromSeconds(15);

    public TrackedLoad StartLoad() => TrackedLoad.Start(Port, Options.Load.Connections, Sources, Options.Load.RequestTimeout, Options.MaxLoad);

    /// <summary>Milliseconds from one Stopwatch timestamp to another; NaN when <paramref name="to"/> is not set.</summary>
    public static double Ms(long from, long to) =>
        to is 0 or long.MaxValue ? double.NaN : (to - from) * 1000.0 / Stopwatch.Frequency;
}
