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
        Set(sb, "workers.count", Number(WorkerCount));
        Set(sb, "workers.executable", Quote(WorkerExecutable));
        Set(sb, "workers.arguments", WorkerArguments is null ? null : "[" + string.Join(", ", WorkerArguments.Select(Quote)) + "]");
        Set(sb, "workers.startup-timeout", Duration(WorkerStartupTimeout));
        Set(sb, "workers.shutdown-timeout", Duration(WorkerShutdownTimeout));
        Set(sb, "workers.restart-backoff.min", Duration(RestartBackoffMin));
        Set(sb, "workers.restart-backoff.max", Duration(RestartBackoffMax));
        Set(sb, "workers.restart-backoff.random-factor", RestartBackoffRandomFactor?.ToString("R", CultureInfo.InvariantCulture));
        Set(sb, "workers.restart-backoff.reset-after", Duration(RestartBackoffResetAfter));
        Set(sb, "routing.buckets", Number(Buckets));
        Set(sb, "routing.hash-seed", HashSeed?.ToString(CultureInfo.InvariantCulture));
        Set(sb, "routing.return-when-idle-for", Duration(ReturnWhenIdleFor));
        Set(sb, "routing.idle-check-interval", Duration(IdleCheckInterval));
        Set(sb, "handoff.queue-capacity", Number(HandoffQueueCapacity));
        Set(sb, "handoff.no-worker-timeout", Duration(NoWorkerTimeout));
        Set(sb, "handoff.no-worker-queue-capacity", Number(NoWorkerQueueCapacity));
        Set(sb, "control-plane.hostname", Quote(ControlPlaneHostname));
        Set(sb, "control-plane.port", Number(ControlPlanePort));
        Set(sb, "control-plane.master-lost-timeout", Duration(MasterLostTimeout));
        return sb;
    }

    private static void Set(StringBuilder sb, string key, string? value)
    {
        if (value is not null)
        {
            sb.Append("sticky-actors.").Append(key).Append(" = ").AppendLine(value);
        }
    }

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Duration(TimeSpan? value) =>
        value is { } span ? span.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture) + "ms" : null;

    private static string? Quote(string? value) =>
        value is null ? null : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
