using System.Diagnostics;
using StickyActors.Benchmarks.Compare;
using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Forward;

/// <summary>
/// What forwarding costs the masters: both masters' CPU time and counters sampled around a load run
/// and recorded per connection (1 req/conn) or per MiB relayed (keep-alive). A connection is one the
/// owner's master handed to its workers; a forwarded connection one the forwarder started to forward.
/// </summary>
internal static class ForwardProbe
{
    private const double MiB = 1024 * 1024;

    public static async Task<LoadResult> MeasureAsync(ClusterHost forwarder, ClusterHost owner, LoadMode mode, bool forwarded, Func<LoadResult> run, TargetResults results)
    {
        var forwarderBefore = await HostSample.BeforeAsync(forwarder).ConfigureAwait(false);
        var ownerBefore = await HostSample.BeforeAsync(owner).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var result = run();
        var wall = clock.Elapsed.TotalSeconds;
        var ownerDelta = (await HostSample.AfterAsync(owner).ConfigureAwait(false)).Since(ownerBefore);
        var forwarderDelta = (await HostSample.AfterAsync(forwarder).ConfigureAwait(false)).Since(forwarderBefore);
        if (forwarded)
        {
            results.Add(ForwardMetrics.ForwardFailures, forwarderDelta.ForwardFailures);
        }

        if (mode == LoadMode.KeepAlive)
        {
            results.Add(ForwardMetrics.ForwarderCoresKeepAlive, forwarderDelta.CpuSeconds / wall);
            if (forwarded && forwarderDelta.RelayedBytes > 0)
            {
                var relayed = forwarderDelta.RelayedBytes / MiB;
                results.Add(ForwardMetrics.RelayMiBPerSec, relayed / wall);
                results.Add(ForwardMetrics.ForwarderCpuPerMiB, forwarderDelta.CpuSeconds * 1e6 / relayed);
            }

            return result;
        }

        if (ownerDelta.HandedOff > 0)
        {
            results.Add(ForwardMetrics.OwnerCpuPerConnection, ownerDelta.CpuSeconds * 1e6 / ownerDelta.HandedOff);
        }

        var connections = forwarded ? forwarderDelta.ForwardedOut : ownerDelta.HandedOff;
        if (connections > 0)
        {
            results.Add(ForwardMetrics.MastersCpuPerConnection, (forwarderDelta.CpuSeconds + ownerDelta.CpuSeconds) * 1e6 / connections);
            if (forwarded)
            {
                results.Add(ForwardMetrics.ForwarderCpuPerConnection, forwarderDelta.CpuSeconds * 1e6 / connections);
            }
        }

        return result;
    }
}
