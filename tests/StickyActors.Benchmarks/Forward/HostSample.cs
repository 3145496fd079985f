using StickyActors.Benchmarks.Measure;
using StickyActors.Supervision;

namespace StickyActors.Benchmarks.Forward;

/// <summary>
/// One master's CPU time (utime + stime from /proc) and counters at one moment. The status query
/// itself costs the master CPU, so a sample before a run reads the CPU after the status, and a sample
/// after reads it before: the queries stay outside the measured span.
/// </summary>
internal sealed record HostSample(double CpuSeconds, long HandedOff, long ForwardedOut, long ForwardFailures, long RelayedBytes)
{
    public static async Task<HostSample> BeforeAsync(ClusterHost host)
    {
        var status = await host.StatusAsync().ConfigureAwait(false);
        return Of(status, ProcFs.CpuSeconds(host.Master.Pid));
    }

    public static async Task<HostSample> AfterAsync(ClusterHost host)
    {
        var cpu = ProcFs.CpuSeconds(host.Master.Pid);
        return Of(await host.StatusAsync().ConfigureAwait(false), cpu);
    }

    /// <summary>This sample minus <paramref name="earlier"/>, field by field.</summary>
    public HostSample Since(HostSample earlier) => new(
        CpuSeconds - earlier.CpuSeconds,
        HandedOff - earlier.HandedOff,
        ForwardedOut - earlier.ForwardedOut,
        ForwardFailures - earlier.ForwardFailures,
        RelayedBytes - earlier.RelayedBytes);

    private static HostSample Of(ClusterStatus status, double cpu) => new(
        cpu,
        status.Workers.Sum(w => w.ConnectionsHandedOff),
        status.Forwarding?.ForwardedOut ?? 0,
        status.Forwarding?.Failures ?? 0,
        (status.Forwarding?.BytesToOwners ?? 0) + (status.Forwarding?.BytesFromOwners ?? 0));
}
