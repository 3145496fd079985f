using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using StickyActors.Cluster;
using StickyActors.Configuration;
using StickyActors.Routing;
using StickyActors.Tests.Hosting;

namespace StickyActors.Tests.Cluster;

/// <summary>One host of an in-process test cluster: its cluster system on 127.0.0.1 port 0, its membership actor and what it published.</summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    public const string Secret = "0123456789abcdef0123456789abcdef";

    private readonly List<string> _left = [];
    private int _selfDowned;

    private ClusterNode(ClusterSystem system, CapturingLoggerProvider logs, ILoggerFactory loggerFactory)
    {
        System = system;
        Logs = logs;
        LoggerFactory = loggerFactory;
        Membership = system.StartMembership(Holder, id => { lock (_left) { _left.Add(id); } }, () => Interlocked.Exchange(ref _selfDowned, 1));
    }

    public ClusterSystem System { get; }

    public HostTableHolder Holder { get; } = new();

    public IActorRef Membership { get; }

    public CapturingLoggerProvider Logs { get; }

    public string Id => System.SelfAddress.ToString();

    public bool SelfDowned => Volatile.Read(ref _selfDowned) == 1;

    public IReadOnlyList<string> Left
    {
        get
        {
            lock (_left)
            {
                return _left.ToArray();
            }
        }
    }

    private ILoggerFactory LoggerFactory { get; }

    /// <summary>A node; <paramref name="tls"/> is a PFX path and password, or null for insecure loopback.</summary>
    public static ClusterNode Start(int forwardPort, (string Path, string Password, string[] Trusted)? tls = null, string? overrides = null)
    {
        var tlsHocon = tls is { } t
            ? $$"""tls { certificate-path = "{{t.Path}}", certificate-password = "{{t.Password}}", trusted-thumbprints = [{{string.Join(", ", t.Trusted.Select(x => $"\"{x}\""))}}] }"""
            : "insecure-loopback-only = on";
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon($$"""
            sticky-actors.cluster {
              enabled = on
              hostname = "127.0.0.1"
              port = 0
              secret = "{{Secret}}"
              {{tlsHocon}}
              split-brain-resolver.stable-after = 2s
              failure-detector { heartbeat-interval = 300ms, acceptable-heartbeat-pause = 1s }
            }
            """));
        var logs = new CapturingLoggerProvider();
        var factory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var identity = new HostIdentity(new IPEndPoint(IPAddress.Loopback, forwardPort), Weight: 1, settings.Routing.Buckets, settings.Routing.HashSeed);
        var system = ClusterSystem.Create(settings.Cluster, identity, factory, overrides is null ? null : ConfigurationFactory.ParseString(overrides));
        return new ClusterNode(system, logs, factory);
    }

    public async Task<ClusterView> ViewAsync() => await Membership.Ask<ClusterView>(GetClusterView.Instance, TimeSpan.FromSeconds(3));

    public string Diagnostics() =>
        $"{Id}:\n  " + string.Join("\n  ", Logs.Entries.Where(e => e.Level >= LogLevel.Information).Select(e => $"{e.Level} {e.Category}: {e.Message}"));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!System.WhenTerminated.IsCompleted)
            {
                await System.System.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            LoggerFactory.Dispose();
        }
    }
}
