using System.Text;
using StickyActors.Configuration;
using StickyActors.Listening.Steering;

namespace StickyActors.Tests.Configuration;

public sealed class ClusterSettingsTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Create_LoopbackInsecureCluster_ReadsEveryKey()
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon($$"""
            sticky-actors.cluster {
              enabled = on
              hostname = "127.0.0.1"
              port = 0
              seed-nodes = ["akka.tcp://sticky-actors-cluster@127.0.0.1:4053"]
              forward { port = 5000, threads = 2, idle-timeout = 30s }
              secret = "{{Secret}}"
              insecure-loopback-only = on
              split-brain-resolver { active-strategy = static-quorum, quorum-size = 2, stable-after = 5s }
              failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 2s }
              weight = 3
            }
            """));

        var cluster = settings.Cluster;
        Assert.True(cluster.Enabled);
        Assert.Equal("127.0.0.1", cluster.PublicHostname);
        Assert.Equal("127.0.0.1", cluster.Forward.Address);
        Assert.Equal(5000, cluster.Forward.Port);
        Assert.Equal(2, cluster.Forward.Threads);
        Assert.Equal(TimeSpan.FromSeconds(30), cluster.Forward.IdleTimeout);
        Assert.Equal(Secret, Encoding.UTF8.GetString(cluster.Secret.Span));
        Assert.Equal(SplitBrainStrategy.StaticQuorum, cluster.SplitBrainResolver.Strategy);
        Assert.Equal(2, cluster.SplitBrainResolver.QuorumSize);
        Assert.Equal(TimeSpan.FromMilliseconds(500), cluster.HeartbeatInterval);
        Assert.Equal(3, cluster.Weight);
        Assert.DoesNotContain(Secret, cluster.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EnabledWithoutCertificateOrInsecureLoopback_NamesBothKeys()
    {
        var error = Fails($$"""sticky-actors.cluster { enabled = on, hostname = "10.0.0.1", secret = "{{Secret}}" }""");

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("sticky-actors.cluster.tls.certificate-path:", problem, StringComparison.Ordinal);
        Assert.Contains("cluster.insecure-loopback-only", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InsecureLoopbackWithRemoteAddresses_NamesEachKey()
    {
        var error = Fails($$"""
            sticky-actors.cluster {
              enabled = on, insecure-loopback-only = on, secret = "{{Secret}}"
              hostname = "127.0.0.1", public-hostname = "10.0.0.1", forward.address = "10.0.0.2"
              seed-nodes = ["akka.tcp://sticky-actors-cluster@10.0.0.3:4053"]
            }
            """);

        Assert.Contains(error.Problems, p => p.StartsWith("sticky-actors.cluster.public-hostname:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("sticky-actors.cluster.forward.address:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("sticky-actors.cluster.seed-nodes:", StringComparison.Ordinal) && p.Contains("10.0.0.3", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Problems, p => p.StartsWith("sticky-actors.cluster.hostname:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("secret = \"short\"", "sticky-actors.cluster.secret:")]
    [InlineData("secret = \"\"", "sticky-actors.cluster.secret:")]
    [InlineData("secret-file = \"/nonexistent/sticky-secret\"", "sticky-actors.cluster.secret-file:")]
    public void Create_MissingOrShortSecret_NamesTheKey(string secret, string key)
    {
        var error = Fails($$"""sticky-actors.cluster { enabled = on, insecure-loopback-only = on, hostname = "127.0.0.1", {{secret}} }""");

        Assert.StartsWith(key, Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SecretFile_WinsOverSecret()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Secret + "-from-file\n");
            var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon($$"""
                sticky-actors.cluster { enabled = on, insecure-loopback-only = on, hostname = "127.0.0.1", secret = "x", secret-file = "{{path}}" }
                """));

            Assert.Equal(Secret + "-from-file", Encoding.UTF8.GetString(settings.Cluster.Secret.Span));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Create_KernelSteeringWithCluster_IsRejected_AndAutoResolvesToMaster()
    {
        var error = Fails($$"""
            sticky-actors.listen.steering = kernel
            sticky-actors.cluster { enabled = on, insecure-loopback-only = on, hostname = "127.0.0.1", secret = "{{Secret}}" }
            """);
        var auto = StickyActorsSettings.Create(StickyActorsConfig.FromHocon($$"""
            sticky-actors.listen.steering = auto
            sticky-actors.cluster { enabled = on, insecure-loopback-only = on, hostname = "127.0.0.1", secret = "{{Secret}}" }
            """));

        Assert.StartsWith("sticky-actors.listen.steering:", Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.Equal("cluster forwarding needs the master to see every connection", SteeringChoice.Obstacle(auto));
    }

    [Fact]
    public void Create_SeveralBadClusterKeys_OneErrorNamesEveryKey()
    {
        var error = Fails("""
            sticky-actors.cluster {
              enabled = on
              hostname = "example.org"
              seed-nodes = ["akka.tcp://other-system@10.0.0.1:4053", "10.0.0.1:4053"]
              tls { certificate-path = "/nonexistent/cert.pfx", trusted-thumbprints = ["not-hex"] }
              split-brain-resolver.active-strategy = keep-everyone
              failure-detector.heartbeat-interval = 0s
              weight = -1
            }
            """);

        foreach (var key in new[]
                 {
                     "cluster.forward.address", "cluster.seed-nodes", "cluster.tls.certificate-path", "cluster.tls.trusted-thumbprints",
                     "cluster.split-brain-resolver.active-strategy", "cluster.failure-detector.heartbeat-interval", "cluster.weight", "cluster.secret",
                 })
        {
            Assert.Contains(error.Problems, p => p.StartsWith($"sticky-actors.{key}:", StringComparison.Ordinal));
        }

        Assert.Equal(2, error.Problems.Count(p => p.StartsWith("sticky-actors.cluster.seed-nodes:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Create_StaticQuorumWithoutSize_IsRejected()
    {
        var error = Fails($$"""
            sticky-actors.cluster { enabled = on, insecure-loopback-only = on, hostname = "127.0.0.1", secret = "{{Secret}}", split-brain-resolver.active-strategy = static-quorum }
            """);

        Assert.StartsWith("sticky-actors.cluster.split-brain-resolver.quorum-size:", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DisabledCluster_IgnoresTheClusterRules()
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon("sticky-actors.listen.steering = kernel"));

        Assert.False(settings.Cluster.Enabled);
    }

    [Fact]
    public void Create_SeedNodeWrittenAsTlsAddress_IsAccepted()
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon($$"""
            sticky-actors.cluster {
              enabled = on
              hostname = "127.0.0.1"
              seed-nodes = ["akka.ssl.tcp://sticky-actors-cluster@127.0.0.1:4053", "akka.tcp://sticky-actors-cluster@127.0.0.2:4053"]
              secret = "{{Secret}}"
              insecure-loopback-only = on
            }
            """));

        Assert.Equal(2, settings.Cluster.SeedNodes.Count);
    }

    private static StickyActorsConfigurationException Fails(string hocon) =>
        Assert.Throws<StickyActorsConfigurationException>(() => StickyActorsSettings.Create(StickyActorsConfig.FromHocon(hocon)));
}
