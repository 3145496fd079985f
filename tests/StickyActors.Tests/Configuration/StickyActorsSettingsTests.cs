using System.Net;
using StickyActors.Configuration;

namespace StickyActors.Tests.Configuration;

public sealed class StickyActorsSettingsTests
{
    [Fact]
    public void Create_NoOverrides_HasEveryDocumentedDefault()
    {
        var settings = StickyActorsSettings.Create(null);

        Assert.Equal(IPAddress.IPv6Any, settings.Listen.Address);
        Assert.Equal(3000, settings.Listen.Port);
        Assert.Equal(511, settings.Listen.Backlog);
        Assert.Equal(1, settings.Listen.AcceptThreads);
        Assert.Equal(SteeringMode.Auto, settings.Listen.Steering);
        Assert.Equal(Environment.ProcessorCount, settings.Workers.Count);
        Assert.Equal(string.Empty, settings.Workers.Executable);
        Assert.Empty(settings.Workers.Arguments);
        Assert.Equal(TimeSpan.FromMilliseconds(200), settings.Workers.RestartBackoff.Min);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Workers.RestartBackoff.Max);
        Assert.Equal(0.2, settings.Workers.RestartBackoff.RandomFactor);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Workers.RestartBackoff.ResetAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Workers.StartupTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Workers.ShutdownTimeout);
        Assert.Equal(0, settings.Workers.CrashLoopMaxExits);
        Assert.Equal(CrashLoopAction.GiveUpSlot, settings.Workers.CrashLoopOnLimit);
        Assert.Equal(ListenProtocol.Tcp, settings.Listen.Protocol);
        Assert.Equal(1024, settings.Routing.Buckets);
        Assert.Equal(1469598103934665603UL, settings.Routing.HashSeed);
        Assert.Equal(TimeSpan.Zero, settings.Routing.ReturnWhenIdleFor);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Routing.IdleCheckInterval);
        Assert.Equal(WorkerLossRule.Wait, settings.Routing.OnWorkerLoss);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.Routing.ReplacementWait);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Routing.MaxInterim);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.Routing.SessionReportDelay);
        Assert.Equal(4096, settings.Handoff.QueueCapacity);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Handoff.NoWorkerTimeout);
        Assert.Equal(1024, settings.Handoff.NoWorkerQueueCapacity);
        Assert.Equal("127.0.0.1", settings.ControlPlane.Hostname);
        Assert.Equal(0, settings.ControlPlane.Port);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.ControlPlane.MasterLostTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.ControlPlane.UnresponsiveAfter);
        Assert.Equal(AffinityKeySource.ClientIp, settings.Affinity.Key);
        Assert.Equal(32, settings.Affinity.Ipv4Prefix);
        Assert.Equal(64, settings.Affinity.Ipv6Prefix);
        Assert.Equal(string.Empty, settings.Affinity.Name);
        Assert.Equal(TimeSpan.Zero, settings.Affinity.CookieLifetime);
        Assert.Equal(ProxyProtocolMode.Off, settings.Affinity.ProxyProtocol);
        Assert.Equal([IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")], settings.Affinity.TrustedProxies);
        Assert.False(settings.Affinity.NeedsPreamble);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Preamble.Timeout);
        Assert.Equal(1024, settings.Preamble.MaxPending);
        Assert.Equal(64, settings.Preamble.MaxPendingPerSource);
        Assert.Equal(8192, settings.Preamble.MaxRequestHead);
        Assert.False(settings.Cluster.Enabled);
        Assert.Equal(string.Empty, settings.Cluster.Hostname);
        Assert.Equal(string.Empty, settings.Cluster.PublicHostname);
        Assert.Equal(4053, settings.Cluster.Port);
        Assert.Empty(settings.Cluster.SeedNodes);
        Assert.Equal(string.Empty, settings.Cluster.Forward.Address);
        Assert.Equal(4054, settings.Cluster.Forward.Port);
        Assert.Equal(1, settings.Cluster.Forward.Threads);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Cluster.Forward.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Cluster.Forward.HandshakeTimeout);
        Assert.Equal(TimeSpan.Zero, settings.Cluster.Forward.IdleTimeout);
        Assert.Equal(0, settings.Cluster.Secret.Length);
        Assert.Equal(string.Empty, settings.Cluster.SecretFile);
        Assert.Equal(string.Empty, settings.Cluster.Tls.CertificatePath);
        Assert.Equal(string.Empty, settings.Cluster.Tls.CertificatePassword);
        Assert.Empty(settings.Cluster.Tls.TrustedThumbprints);
        Assert.False(settings.Cluster.Tls.ValidateChain);
        Assert.False(settings.Cluster.InsecureLoopbackOnly);
        Assert.Equal(SplitBrainStrategy.KeepMajority, settings.Cluster.SplitBrainResolver.Strategy);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.Cluster.SplitBrainResolver.StableAfter);
        Assert.Equal(0, settings.Cluster.SplitBrainResolver.QuorumSize);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Cluster.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.Cluster.AcceptableHeartbeatPause);
        Assert.Equal(0, settings.Cluster.Weight);
    }

    [Fact]
    public void Create_AffinityAndProxySettings_ParseAndValidate()
    {
        var good = StickyActorsSettings.Create(StickyActorsConfig.FromHocon("""
            sticky-actors.listen { proxy-protocol = required, trusted-proxies = ["10.0.0.0/8"] }
            sticky-actors.affinity { key = ip-prefix, ipv6-prefix = 48 }
            """));
        var bad = Assert.Throws<StickyActorsConfigurationException>(() => StickyActorsSettings.Create(StickyActorsConfig.FromHocon("""
            sticky-actors.listen { proxy-protocol = sometimes, trusted-proxies = ["10.0.0.0/33"] }
            sticky-actors.affinity { key = cookie }
            """)));

        Assert.Equal(ProxyProtocolMode.Required, good.Affinity.ProxyProtocol);
        Assert.Equal(AffinityKeySource.IpPrefix, good.Affinity.Key);
        Assert.True(good.Affinity.NeedsPreamble);
        Assert.Contains(bad.Problems, p => p.StartsWith("sticky-actors.listen.proxy-protocol:", StringComparison.Ordinal) && p.Contains("off, optional, required", StringComparison.Ordinal));
        Assert.Contains(bad.Problems, p => p.StartsWith("sticky-actors.listen.trusted-proxies:", StringComparison.Ordinal));
        Assert.Contains(bad.Problems, p => p.StartsWith("sticky-actors.affinity.name:", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_TheDefaultsThemselves_Validate()
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.Default);

        Assert.Equal(StickyActorsSettings.Create(null).ToString(), settings.ToString());
        Assert.Equal(3000, StickyActorsSettings.Default.Listen.Port);
    }

    [Fact]
    public void Create_DeploymentOverrides_WinOverDefaults()
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon("""
            sticky-actors.listen { address = "127.0.0.1", port = 8080 }
            sticky-actors.workers.count = 3
            """));

        Assert.Equal(IPAddress.Loopback, settings.Listen.Address);
        Assert.Equal(8080, settings.Listen.Port);
        Assert.Equal(3, settings.Workers.Count);
        Assert.Equal(1024, settings.Routing.Buckets);
    }

    [Fact]
    public void Create_SeveralBadKeys_OneErrorNamesEveryBadKey()
    {
        var config = StickyActorsConfig.FromHocon("""
            sticky-actors {
              listen.port = 70000
              listen.address = "not-an-ip"
              workers.count = -2
              workers.startup-timeout = "soon"
              routing.buckets = 0
              control-plane.hostname = "0.0.0.0"
              listen.prot = 80
            }
            """);

        var error = Assert.Throws<StickyActorsConfigurationException>(() => StickyActorsSettings.Create(config));

        foreach (var key in new[]
                 {
                     "sticky-actors.listen.port", "sticky-actors.listen.address", "sticky-actors.workers.count",
                     "sticky-actors.workers.startup-timeout", "sticky-actors.routing.buckets",
                     "sticky-actors.control-plane.hostname", "sticky-actors.listen.prot",
                 })
        {
            Assert.Contains(error.Problems, p => p.StartsWith(key + ":", StringComparison.Ordinal));
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(7, error.Problems.Count);
    }

    [Fact]
    public void Create_BackoffMaxBelowMin_IsRejected()
    {
        var config = StickyActorsConfig.FromHocon("sticky-actors.workers.restart-backoff { min = 5s, max = 1s }");

        var error = Assert.Throws<StickyActorsConfigurationException>(() => StickyActorsSettings.Create(config));

        Assert.Contains(error.Problems, p => p.StartsWith("sticky-actors.workers.restart-backoff.max:", StringComparison.Ordinal));
    }

    [Fact]
    public void FromFile_MissingFile_FailsNamingThePath()
    {
        var error = Assert.Throws<StickyActorsConfigurationException>(() => StickyActorsConfig.FromFile("/nonexistent/sticky.conf"));

        Assert.Contains("/nonexistent/sticky.conf", error.Message, StringComparison.Ordinal);
    }
}
