using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Xunit.Abstractions;

namespace StickyActors.Tests.Cluster;

/// <summary>Mutual TLS between cluster systems, with certificates made in the test and pinned.</summary>
public sealed class ClusterTlsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "pfx-password";
    private readonly string _directory = Directory.CreateTempSubdirectory("sticky-cluster-tls-").FullName;
    private readonly List<ClusterNode> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TwoHostsSharingAPinnedCertificate_FormAClusterOverMutualTls_AndAnUntrustedOrPlainHostNeverJoins()
    {
        var (shared, sharedThumbprint) = Certificate("shared");
        var (stranger, _) = Certificate("stranger");
        var clock = Stopwatch.StartNew();
        var a = Start(ClusterNode.Start(6001, (shared, Password, [])));
        var b = Start(ClusterNode.Start(6002, (shared, Password, [])));
        await a.System.JoinAsync(a.System.SelfAddress).WaitAsync(TimeSpan.FromSeconds(15));
        await b.System.JoinAsync(a.System.SelfAddress).WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually(() => a.Holder.Current.Hosts.Count == 2 && b.Holder.Current.Hosts.Count == 2, "two TLS hosts publish a table of both");
        output.WriteLine($"TLS cluster formed in {clock.ElapsedMilliseconds} ms");

        // The attacker trusts the cluster's certificate, so only the cluster's refusal can stop it.
        var attacker = Start(ClusterNode.Start(6003, (stranger, Password, [sharedThumbprint])));
        var plain = Start(ClusterNode.Start(6004));
        var attempts = new[] { attacker, plain }.Select(n => Join(n, a)).ToArray();

        Assert.All(await Task.WhenAll(attempts), joined => Assert.False(joined));
        foreach (var node in new[] { a, b })
        {
            var view = await node.ViewAsync();
            Assert.Equal(2, view.Members.Count);
            Assert.DoesNotContain(view.Members, m => m.Address == attacker.Id || m.Address == plain.Id);
            Assert.Equal(2, node.Holder.Current.Hosts.Count);
        }

        Assert.DoesNotContain(a.Left, id => id == attacker.Id || id == plain.Id);
        Assert.Contains(a.Logs.Entries, e => e.Message.Contains("Cluster TLS: refused the certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_WrongPasswordOrMissingFile_FailsNamingTheKey()
    {
        var (path, _) = Certificate("password");

        var wrong = Assert.Throws<StickyActors.Configuration.StickyActorsConfigurationException>(() =>
            StickyActors.Cluster.ClusterCertificate.Load(new StickyActors.Configuration.ClusterTlsSettings(path, "not-the-password", [], false)));
        var missing = Assert.Throws<StickyActors.Configuration.StickyActorsConfigurationException>(() =>
            StickyActors.Cluster.ClusterCertificate.Load(new StickyActors.Configuration.ClusterTlsSettings(path + ".gone", Password, [], false)));

        Assert.StartsWith("sticky-actors.cluster.tls.certificate-password:", Assert.Single(wrong.Problems), StringComparison.Ordinal);
        Assert.StartsWith("sticky-actors.cluster.tls.certificate-path:", Assert.Single(missing.Problems), StringComparison.Ordinal);
    }

    private static async Task<bool> Join(ClusterNode node, ClusterNode seed)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        try
        {
            await node.System.JoinAsync(seed.System.SelfAddress, timeout.Token).WaitAsync(TimeSpan.FromSeconds(8));
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or Akka.Cluster.ClusterJoinFailedException)
        {
            return false;
        }
    }

    private ClusterNode Start(ClusterNode node)
    {
        _nodes.Add(node);
        return node;
    }

    /// <summary>A self-signed P-256 certificate written as a password-protected PFX; its path and SHA-256 fingerprint.</summary>
    private (string Path, string Sha256) Certificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=sticky-test-{name}", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var path = Path.Combine(_directory, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return (path, Convert.ToHexString(SHA256.HashData(certificate.RawData)));
    }

    private async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"Not within 30 s: {what}\n" + string.Join("\n", _nodes.Select(n => n.Diagnostics())));
            }

            await Task.Delay(50);
        }
    }
}
