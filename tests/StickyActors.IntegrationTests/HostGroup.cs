using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Several Hello masters on one machine forming one StickyActors cluster: host i listens (public,
/// cluster and forward ports, all port 0) on 127.0.0.(10 + i). The first forms the cluster; every
/// later one joins through the hosts running then. Disposing kills every master and worker, by pid.
/// </summary>
internal sealed partial class HostGroup : IAsyncDisposable
{
    public const string Secret = "integration-test-cluster-secret-0123456789";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    private const string CertificatePassword = "integration-test";

    private readonly List<ClusterHost> _hosts = [];
    private readonly int _workers;
    private readonly string _extraHocon;
    private readonly string? _certificate;

    private HostGroup(int workers, string extraHocon, bool tls)
    {
        _workers = workers;
        _extraHocon = extraHocon;
        _certificate = tls ? CreateCertificate() : null;
    }

    public IReadOnlyList<ClusterHost> Hosts => _hosts;

    /// <param name="hosts">How many hosts start (one after the other).</param>
    /// <param name="workers">Workers per host.</param>
    /// <param name="extraHocon">More configuration for every host.</param>
    /// <param name="tls">Mutual TLS between the hosts (one self-signed certificate they all share) instead of insecure-loopback-only.</param>
    public static async Task<HostGroup> StartAsync(int hosts, int workers, string extraHocon = "", bool tls = false)
    {
        var group = new HostGroup(workers, extraHocon, tls);
        try
        {
            for (var i = 0; i < hosts; i++)
            {
                await group.AddHostAsync();
            }

            await group.WaitForMembersAsync(group.Hosts);
            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more host, joining through every host started before it that still runs.</summary>
    public async Task<ClusterHost> AddHostAsync()
    {
        var index = _hosts.Count + 1;
        var address = IPAddress.Parse($"127.0.0.{10 + index}");
        var seeds = _hosts.Where(h => !h.Master.Process.HasExited).Select(h => h.ClusterAddress);
        var security = _certificate is null
            ? LoopbackClusterConfig.Insecure
            : $"tls {{ certificate-path = \"{_certificate}\", certificate-password = \"{CertificatePassword}\" }}";
        var hocon = LoopbackClusterConfig.Hocon(address, seeds, Secret, security, """
            split-brain-resolver.stable-after = 3s
            failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 2s }
            """) + "\n" + _extraHocon;
        var master = await HelloCluster.StartAsync(_workers, hocon, address: address.ToString());
        var member = await master.Output.WaitForAsync(MemberLine(), s_timeout);
        var host = new ClusterHost(index, address, master, member.Groups[1].Value, IPEndPoint.Parse(member.Groups[2].Value));
        _hosts.Add(host);
        return host;
    }

    /// <summary>Waits until every one of <paramref name="members"/> sees exactly them Up, reachable, and owning every bucket between them.</summary>
    public async Task WaitForMembersAsync(IReadOnlyCollection<ClusterHost> members, TimeSpan? timeout = null)
    {
        var expected = members.Select(m => m.ClusterAddress).Order().ToArray();
        var deadline = Stopwatch.StartNew();
        foreach (var host in members)
        {
            await host.Master.WaitForStatusAsync(
                s => s.Hosts.Where(h => h.State == "Up" && h.Reachable && h.BucketsOwned > 0).Select(h => h.Address).Order().SequenceEqual(expected)
                    && s.Hosts.Sum(h => h.BucketsOwned) == 1024,
                (timeout ?? s_timeout) - deadline.Elapsed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            Signals.Kill(host.Pid, Signals.SIGCONT);
            await host.Master.DisposeAsync();
        }

        if (_certificate is not null)
        {
            File.Delete(_certificate);
        }
    }

    /// <summary>A self-signed certificate with its key in a password-protected PKCS#12 file.</summary>
    private static string CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=sticky-actors-test-cluster", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Path.GetTempPath(), $"sticky-test-cluster-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }

    [GeneratedRegex(@"Cluster member (akka\.\S+) forwards on (\S+) \(seeds")]
    private static partial Regex MemberLine();
}
