using StickyActors.Benchmarks.Compare;

namespace StickyActors.Benchmarks.Forward;

/// <summary>The <c>forward</c> report's rows, in order, and the keys the runner records them under.</summary>
internal static class ForwardMetrics
{
    public const string ConnPerSec = "connPerSec";
    public const string KeepAliveReqPerSec = "keepAliveReqPerSec";
    public const string OwnerCpuPerConnection = "ownerMasterCpuMicrosPerConnection";
    public const string ForwarderCpuPerConnection = "forwarderMasterCpuMicrosPerForwardedConnection";
    public const string MastersCpuPerConnection = "bothMastersCpuMicrosPerConnection";
    public const string RelayMiBPerSec = "keepAliveRelayedMiBPerSec";
    public const string ForwarderCpuPerMiB = "forwarderMasterCpuMicrosPerRelayedMiB";
    public const string ForwarderCoresKeepAlive = "forwarderMasterCoresBusyKeepAlive";
    public const string Errors = "errors";
    public const string ForwardFailures = "forwardFailures";
    public const string GenCpuConn = "loadGenCpuShareConn";
    public const string GenCpuKeepAlive = "loadGenCpuShareKeepAlive";

    public static IReadOnlyList<Metric> Rows(ForwardOptions options) =>
    [
        new(ConnPerSec, $"1 req/conn ({options.Load.Concurrency} concurrent): conns/s", "N0"),
        new(KeepAliveReqPerSec, $"keep-alive ({options.Load.KeepAliveConnections} conns): requests/s", "N0"),
        new(RelayMiBPerSec, "keep-alive: MiB/s relayed by A, both ways", "N2", Compared: false),
        new(OwnerCpuPerConnection, "B master CPU µs / connection (1 req/conn)", "0.0"),
        new(ForwarderCpuPerConnection, "A master CPU µs / forwarded connection", "0.0", Compared: false),
        new(MastersCpuPerConnection, "A + B masters CPU µs / connection", "0.0"),
        new(ForwarderCpuPerMiB, "A master CPU µs / MiB relayed (keep-alive)", "N0", Compared: false),
        new(ForwarderCoresKeepAlive, "A master CPU, cores busy (keep-alive)", "0.000"),
        new(Errors, "errors (all runs)", "N0", Summed: true, Compared: false),
        new(ForwardFailures, "A: forwards failed over to a local worker", "N0", Summed: true, Compared: false),
        new(GenCpuConn, "load gen CPU share, 1 req/conn", "P0", Compared: false),
        new(GenCpuKeepAlive, "load gen CPU share, keep-alive", "P0", Compared: false),
    ];

    /// <summary>The rows whose spread over rounds the report prints.</summary>
    public static bool Spread(Metric row) => row.Key is ConnPerSec or KeepAliveReqPerSec or RelayMiBPerSec or OwnerCpuPerConnection
        or ForwarderCpuPerConnection or MastersCpuPerConnection or ForwarderCpuPerMiB;
}
