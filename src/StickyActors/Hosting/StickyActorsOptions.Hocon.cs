using System.Globalization;
using System.Text;

namespace StickyActors.Hosting;

/// <summary>Turns the set options into HOCON under <c>sticky-actors</c>.</summary>
public sealed partial class StickyActorsOptions
{
    /// <summary>The HOCON these options stand for: <see cref="Hocon"/>, then one line per set property.</summary>
    public override string ToString() => Build(new StringBuilder()).ToString();

    internal StringBuilder Build(StringBuilder sb)
    {
        if (!string.IsNullOrWhiteSpace(Hocon))
        {
            sb.AppendLine(Hocon);
        }

        Set(sb, "listen.address", Quote(ListenAddress));
        Set(sb, "listen.port", Number(Port));
        Set(sb, "listen.backlog", Number(Backlog));
        Set(sb, "listen.accept-threads", Number(AcceptThreads));
        Set(sb, "listen.steering", Kebab(Steering));
        Set(sb, "workers.count", Number(WorkerCount));
        Set(sb, "workers.executable", Quote(WorkerExecutable));
        Set(sb, "workers.arguments", List(WorkerArguments));
        Set(sb, "workers.startup-timeout", Duration(WorkerStartupTimeout));
        Set(sb, "workers.shutdown-timeout", Duration(WorkerShutdownTimeout));
        Set(sb, "workers.restart-backoff.min", Duration(RestartBackoffMin));
        Set(sb, "workers.restart-backoff.max", Duration(RestartBackoffMax));
        Set(sb, "workers.restart-backoff.random-factor", RestartBackoffRandomFactor?.ToString("R", CultureInfo.InvariantCulture));
        Set(sb, "workers.restart-backoff.reset-after", Duration(RestartBackoffResetAfter));
        Set(sb, "routing.buckets", Number(Buckets));
        Set(sb, "routing.hash-seed", HashSeed?.ToString(CultureInfo.InvariantCulture));
        Set(sb, "routing.on-worker-loss", Kebab(OnWorkerLoss));
        Set(sb, "routing.replacement-wait", Duration(ReplacementWait));
        Set(sb, "routing.return-when-idle-for", Duration(ReturnWhenIdleFor));
        Set(sb, "routing.max-interim", Duration(MaxInterim));
        Set(sb, "routing.idle-check-interval", Duration(IdleCheckInterval));
        Set(sb, "routing.session-report-delay", Duration(SessionReportDelay));
        Set(sb, "handoff.queue-capacity", Number(HandoffQueueCapacity));
        Set(sb, "handoff.no-worker-timeout", Duration(NoWorkerTimeout));
        Set(sb, "handoff.no-worker-queue-capacity", Number(NoWorkerQueueCapacity));
        Set(sb, "control-plane.hostname", Quote(ControlPlaneHostname));
        Set(sb, "control-plane.port", Number(ControlPlanePort));
        Set(sb, "control-plane.master-lost-timeout", Duration(MasterLostTimeout));
        Set(sb, "control-plane.unresponsive-after", Duration(UnresponsiveAfter));
        Set(sb, "listen.proxy-protocol", Kebab(ProxyProtocol));
        Set(sb, "listen.trusted-proxies", List(TrustedProxies));
        Set(sb, "affinity.key", Kebab(AffinityKey));
        Set(sb, "affinity.ipv4-prefix", Number(AffinityIpv4Prefix));
        Set(sb, "affinity.ipv6-prefix", Number(AffinityIpv6Prefix));
        Set(sb, "affinity.name", Quote(AffinityName));
        Set(sb, "affinity.cookie-lifetime", Duration(AffinityCookieLifetime));
        Set(sb, "preamble.timeout", Duration(PreambleTimeout));
        Set(sb, "preamble.max-pending", Number(PreambleMaxPending));
        Set(sb, "preamble.max-pending-per-source", Number(PreambleMaxPendingPerSource));
        Set(sb, "preamble.max-request-head", Number(PreambleMaxRequestHead));
        Set(sb, "workers.crash-loop.max-exits", Number(CrashLoopMaxExits));
        Set(sb, "workers.crash-loop.on-limit", Kebab(CrashLoopOnLimit));
        Set(sb, "workers.max-count", Number(WorkerMaxCount));
        Set(sb, "master.pid-file", Quote(PidFile));
        Set(sb, "listen.protocol", Kebab(ListenProtocol));
        BuildCluster(sb);
        return sb;
    }

    private static void Set(StringBuilder sb, string key, string? value)
    {
        if (value is not null)
        {
            sb.Append("sticky-actors.").Append(key).Append(" = ").AppendLine(value);
        }
    }

    private static string? Switch(bool? value) => value is { } on ? (on ? "on" : "off") : null;

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Duration(TimeSpan? value) =>
        value is { } span ? span.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture) + "ms" : null;

    private static string? List(IList<string>? values) =>
        values is null ? null : "[" + string.Join(", ", values.Select(Quote)) + "]";

    /// <summary>An enum member (<c>ClientIp</c>) as its HOCON value (<c>client-ip</c>).</summary>
    private static string? Kebab<TEnum>(TEnum? value)
        where TEnum : struct, Enum =>
        value is { } member
            ? string.Concat(member.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()))
            : null;

    private static string? Quote(string? value) =>
        value is null ? null : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
