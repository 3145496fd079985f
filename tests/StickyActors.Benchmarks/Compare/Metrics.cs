using System.Globalization;

namespace StickyActors.Benchmarks.Compare;

/// <summary>The report's rows, in order, and the keys the runner records them under.</summary>
internal static class Metrics
{
    public const string ConnPerSec = "connPerSec";
    public const string KeepAliveReqPerSec = "keepAliveReqPerSec";
    public const string LatencyP50 = "latencyP50Micros";
    public const string LatencyP99 = "latencyP99Micros";
    public const string LatencyMaxLag = "latencyMaxStartLagMicros";
    public const string LatencyRate = "latencyRateConnPerSec";
    public const string MasterCpuPer1K = "masterCpuSecondsPer1kHandoffs";
    public const string MasterCpuPerConnection = "masterCpuMicrosPerConnection";
    public const string MasterAllocPer1K = "masterAllocatedBytesPer1kHandoffs";
    public const string ServerCpuPerConnection = "serverCpuMicrosPerConnection";
    public const string ServerCpuPerRequest = "serverCpuMicrosPerKeepAliveRequest";
    public const string ServerCpuPerPacedConnection = "serverCpuMicrosPerPacedConnection";
    public const string Errors = "errors";
    public const string GenCpuConn = "loadGenCpuShareConn";
    public const string GenCpuKeepAlive = "loadGenCpuShareKeepAlive";
    public const string GenCpuLatency = "loadGenCpuShareLatency";

    public static string MasterRss(int idle) => "masterRssMiBIdle" + idle.ToString(CultureInfo.InvariantCulture);

    public static string IdleOpen(int idle) => "idleOpen" + idle.ToString(CultureInfo.InvariantCulture);

    public static IReadOnlyList<Metric> Rows(CompareOptions options)
    {
        var rows = new List<Metric>
        {
            new(ConnPerSec, "1 req/conn: connections/s", "N0"),
            new(KeepAliveReqPerSec, $"keep-alive ({options.Load.KeepAliveConnections} conns): requests/s", "N0"),
            new(LatencyRate, "latency run: paced connections/s", "N0", Compared: false),
            new(LatencyP50, "connect→first byte p50 µs", "N0"),
            new(LatencyP99, "connect→first byte p99 µs", "N0"),
            new(LatencyMaxLag, "  load gen: latest start behind schedule µs", "N0", Compared: false),
            new(ServerCpuPerConnection, "server CPU µs / connection (1 req/conn)", "0.0"),
            new(ServerCpuPerRequest, "server CPU µs / request (keep-alive)", "0.0"),
            new(ServerCpuPerPacedConnection, "server CPU µs / connection (latency run, same rate)", "0.0"),
            new(MasterCpuPerConnection, "master CPU µs / connection (1 req/conn)", "0.00"),
            new(MasterCpuPer1K, "master CPU s / 1k handoffs", "0.0000"),
            new(MasterAllocPer1K, "master alloc bytes / 1k handoffs", "N0"),
        };
        foreach (var idle in options.IdleLevels.Length == 0 ? [] : options.IdleLevels.Prepend(0).Distinct().Order().ToArray())
        {
            rows.Add(new(MasterRss(idle), $"master RSS MiB, {idle:N0} idle conns", "N1"));
        }

        rows.Add(new(Errors, "errors (all runs)", "N0", Summed: true, Compared: false));
        rows.Add(new(GenCpuConn, "load gen CPU share, 1 req/conn", "P0", Compared: false));
        rows.Add(new(GenCpuKeepAlive, "load gen CPU share, keep-alive", "P0", Compared: false));
        rows.Add(new(GenCpuLatency, "load gen CPU share, latency", "P0", Compared: false));
        return rows;
    }
}
