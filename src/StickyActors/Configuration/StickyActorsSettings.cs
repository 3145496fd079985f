using System.Net;
using Akka.Configuration;

namespace StickyActors.Configuration;

/// <summary>
/// The validated, immutable settings of a StickyActors host, read from the <c>sticky-actors</c>
/// section of a HOCON configuration laid over the embedded defaults.
/// </summary>
/// <param name="Listen">The public listener.</param>
/// <param name="Workers">Worker processes.</param>
/// <param name="Routing">Client-to-worker routing.</param>
/// <param name="Handoff">Socket handoff.</param>
/// <param name="ControlPlane">The master-worker control plane.</param>
/// <param name="Affinity">The affinity key and PROXY protocol.</param>
/// <param name="Preamble">Reading client preambles in the master.</param>
public sealed record StickyActorsSettings(
    ListenSettings Listen,
    WorkerSettings Workers,
    RoutingSettings Routing,
    HandoffSettings Handoff,
    ControlPlaneSettings ControlPlane,
    AffinitySettings Affinity,
    PreambleSettings Preamble)
{
    /// <summary>
    /// Where the master writes its pid once its workers registered (<c>master.pid-file</c>; written
    /// atomically, taken over by the new master at a handover, removed at a clean stop if it still
    /// names this master). Empty writes none. Defaults to empty.
    /// </summary>
    public string PidFile { get; init; } = string.Empty;

    /// <summary>Several masters on several hosts as one service (<c>cluster</c>). Defaults to disabled.</summary>
    public ClusterSettings Cluster { get; init; } = ClusterDisabled;

    private static ClusterSettings ClusterDisabled { get; } = new(
        false,
        string.Empty,
        string.Empty,
        4053,
        [],
        new ClusterForwardSettings(string.Empty, 4054, 1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.Zero),
        new ClusterTlsSettings(string.Empty, string.Empty, [], false),
        new SplitBrainSettings(SplitBrainStrategy.KeepMajority, TimeSpan.FromSeconds(20), 0));

    /// <summary>The settings of the embedded defaults.</summary>
    public static StickyActorsSettings Default => Create(StickyActorsConfig.Default);

    /// <summary>
    /// Reads and validates the settings. Throws <see cref="StickyActorsConfigurationException"/>
    /// naming every bad key at once.
    /// </summary>
    /// <param name="config">A configuration; the defaults fill what it leaves out.</param>
    public static StickyActorsSettings Create(Config? config)
    {
        var reader = new SettingsReader(StickyActorsConfig.WithDefaults(config));
        reader.RejectUnknownKeys(StickyActorsConfig.Reference);

        var workerCount = reader.Int("workers.count", min: 0, max: 1024);
        var settings = new StickyActorsSettings(
            new ListenSettings(
                reader.Address("listen.address"),
                reader.Int("listen.port", min: 0, max: 65535),
                reader.Int("listen.backlog", min: 1, max: 65535),
                reader.Int("listen.accept-threads", min: 1, max: 64))
            {
                Protocol = reader.Enum("listen.protocol", ListenProtocol.Tcp),
                Steering = reader.Enum("listen.steering", SteeringMode.Auto),
            },
            new WorkerSettings(
                workerCount == 0 ? Environment.ProcessorCount : workerCount,
                reader.String("workers.executable", allowEmpty: true),
                reader.StringList("workers.arguments"),
                new BackoffSettings(
                    reader.Duration("workers.restart-backoff.min"),
                    reader.Duration("workers.restart-backoff.max"),
                    reader.Double("workers.restart-backoff.random-factor", min: 0, max: 1),
                    reader.Duration("workers.restart-backoff.reset-after")),
                reader.Duration("workers.startup-timeout"),
                reader.Duration("workers.shutdown-timeout"))
            {
                CrashLoopMaxExits = reader.Int("workers.crash-loop.max-exits", min: 0, max: 1_000_000),
                CrashLoopOnLimit = reader.Enum("workers.crash-loop.on-limit", CrashLoopAction.GiveUpSlot),
                MaxCount = MaxWorkers(reader.Int("workers.max-count", min: 0, max: 1024), workerCount == 0 ? Environment.ProcessorCount : workerCount),
            },
            new RoutingSettings(
                reader.Int("routing.buckets", min: 1, max: 1 << 20),
                reader.UInt64("routing.hash-seed"),
                reader.Duration("routing.return-when-idle-for", allowZero: true),
                reader.Duration("routing.idle-check-interval"))
            {
                OnWorkerLoss = reader.Enum("routing.on-worker-loss", WorkerLossRule.Wait),
                ReplacementWait = reader.Duration("routing.replacement-wait", allowZero: true),
                MaxInterim = reader.Duration("routing.max-interim"),
                SessionReportDelay = reader.Duration("routing.session-report-delay"),
            },
            new HandoffSettings(
                reader.Int("handoff.queue-capacity", min: 1, max: 1 << 20),
                reader.Duration("handoff.no-worker-timeout", allowZero: true),
                reader.Int("handoff.no-worker-queue-capacity", min: 0, max: 1 << 20)),
            new ControlPlaneSettings(
                reader.LoopbackHost("control-plane.hostname"),
                reader.Int("control-plane.port", min: 0, max: 65535),
                reader.Duration("control-plane.master-lost-timeout"))
            {
                UnresponsiveAfter = reader.Duration("control-plane.unresponsive-after"),
            },
            new AffinitySettings(
                reader.Enum("affinity.key", AffinityKeySource.ClientIp),
                reader.Int("affinity.ipv4-prefix", min: 0, max: 32),
                reader.Int("affinity.ipv6-prefix", min: 0, max: 128),
                reader.String("affinity.name", allowEmpty: true),
                reader.Enum("listen.proxy-protocol", ProxyProtocolMode.Off),
                reader.Networks("listen.trusted-proxies"))
            {
                CookieLifetime = reader.Duration("affinity.cookie-lifetime", allowZero: true),
            },
            ReadPreamble(reader))
        {
            PidFile = reader.String("master.pid-file", allowEmpty: true),
            Cluster = ClusterSettingsReader.Read(reader),
        };

        ClusterSettingsReader.Validate(reader, settings.Cluster, settings.Listen.Steering);

        if (settings.Affinity.IsHttpKey && settings.Affinity.Name.Length == 0 && !reader.HasProblem("affinity.key"))
        {
            reader.Problem("affinity.name", $"must name the {(settings.Affinity.Key == AffinityKeySource.BucketCookie ? "cookie" : settings.Affinity.Key.ToString().ToLowerInvariant())} to use as the affinity key");
        }

        if (settings.Listen.Steering == SteeringMode.Kernel && (settings.Affinity.NeedsPreamble || settings.Affinity.Key == AffinityKeySource.BucketCookie))
        {
            reader.Problem("listen.steering", "kernel steering needs affinity.key = client-ip or ip-prefix and listen.proxy-protocol = off (use auto or master)");
        }

        if (settings.Workers.RestartBackoff.Max < settings.Workers.RestartBackoff.Min
            && !reader.HasProblem("workers.restart-backoff.min") && !reader.HasProblem("workers.restart-backoff.max"))
        {
            reader.Problem("workers.restart-backoff.max", "must not be less than workers.restart-backoff.min");
        }

        if (settings.Workers.MaxCount > settings.Workers.Count && settings.Workers.MaxCount > settings.Routing.Buckets && !reader.HasProblem("routing.buckets"))
        {
            settings = settings with { Workers = settings.Workers with { MaxCount = Math.Max(settings.Workers.Count, settings.Routing.Buckets) } };
        }

        if (settings.Routing.Buckets < settings.Workers.Count && !reader.HasProblem("routing.buckets") && !reader.HasProblem("workers.count"))
        {
            reader.Problem("routing.buckets", $"must be at least the worker count ({settings.Workers.Count})");
        }

        reader.ThrowIfAnyProblem();
        return settings;
    }

    /// <summary><c>workers.max-count</c>: 0 means four times the count, at most 1024 (and never below the count).</summary>
    private static int MaxWorkers(int configured, int count) => Math.Max(count, configured == 0 ? Math.Min(4 * count, 1024) : configured);

    /// <summary>The preamble limits; a per-source bound of 0 means a sixteenth of the pool.</summary>
    private static PreambleSettings ReadPreamble(SettingsReader reader)
    {
        var maxPending = reader.Int("preamble.max-pending", min: 1, max: 1 << 20);
        var perSource = reader.Int("preamble.max-pending-per-source", min: 0, max: 1 << 20);
        return new PreambleSettings(
            reader.Duration("preamble.timeout"),
            maxPending,
            reader.Int("preamble.max-request-head", min: 256, max: 65536))
        {
            MaxPendingPerSource = perSource == 0 ? Math.Max(1, maxPending / 16) : perSource,
        };
    }

    /// <summary>The address the listener binds, as an endpoint.</summary>
    public IPEndPoint ListenEndPoint => new(Listen.Address, Listen.Port);
}
