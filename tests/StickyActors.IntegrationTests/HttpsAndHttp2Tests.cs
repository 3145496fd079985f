using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StickyActors.IntegrationTests;

/// <summary>
/// TLS, h2 over ALPN and h2c on handed-off sockets, through <c>UseStickyActors(host, listen =&gt; …)</c>
/// in the Hello sample. The certificate is self-signed, made here; the client binds its source address.
/// </summary>
public sealed class HttpsAndHttp2Tests : IDisposable
{
    private static readonly TimeSpan s_request = TimeSpan.FromSeconds(10);
    private readonly string _pfx = Path.Combine(Path.GetTempPath(), $"sticky-test-{Guid.NewGuid():N}.pfx");

    public HttpsAndHttp2Tests()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_pfx, certificate.Export(X509ContentType.Pfx));
    }

    [Fact]
    public async Task Https_ManySourceAddresses_EachStaysOnItsWorker()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, arguments: ["--https-pfx", _pfx]);
        await StickinessTests.WaitBalancedAsync(cluster);

        var sources = HttpProbe.Sources(block: 31, count: 24);
        var first = await MapAsync(cluster, sources, HttpVersion.Version11, "https");
        var second = await MapAsync(cluster, sources, HttpVersion.Version11, "https");

        Assert.Equal(first, second);
        Assert.Equal(2, first.Values.Select(a => a.Worker).Distinct().Count());
        Assert.All(first.Values, a => Assert.Equal("HTTP/1.1", a.Protocol));
    }

    [Fact]
    public async Task Https_Http2Asked_NegotiatesH2ByAlpn()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 1, arguments: ["--https-pfx", _pfx]);

        var answers = await MapAsync(cluster, HttpProbe.Sources(block: 32, count: 4), HttpVersion.Version20, "https");

        Assert.All(answers.Values, a => Assert.Equal("HTTP/2", a.Protocol));
    }

    [Fact]
    public async Task H2c_ProtocolsHttp2_ServesPriorKnowledgeHttp2()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, arguments: ["--protocols", "Http2"]);
        await StickinessTests.WaitBalancedAsync(cluster);

        var sources = HttpProbe.Sources(block: 33, count: 16);
        var first = await MapAsync(cluster, sources, HttpVersion.Version20, "http");
        var second = await MapAsync(cluster, sources, HttpVersion.Version20, "http");

        Assert.Equal(first, second);
        Assert.All(first.Values, a => Assert.Equal("HTTP/2", a.Protocol));
    }

    public void Dispose() => File.Delete(_pfx);

    private static async Task<Dictionary<IPAddress, (string Worker, string Protocol)>> MapAsync(HelloCluster cluster, IEnumerable<IPAddress> sources, Version version, string scheme)
    {
        var map = new Dictionary<IPAddress, (string, string)>();
        foreach (var source in sources)
        {
            using var client = Client(source, version);
            using var response = await client.GetAsync(new Uri($"{scheme}://127.0.0.1:{cluster.Port}/")).WaitAsync(s_request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(version, response.Version);
            map[source] = (await response.Content.ReadAsStringAsync(), response.Headers.GetValues("X-Protocol").Single());
        }

        return map;
    }

    /// <summary>A client whose connections come from <paramref name="source"/> and that accepts the test's self-signed certificate.</summary>
    private static HttpClient Client(IPAddress source, Version version)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler)
        {
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = s_request,
        };
    }
}
