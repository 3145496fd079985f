using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace StickyActors.IntegrationTests;

/// <summary>
/// <c>ConfigureEndpointDefaults</c> and <c>ConfigureHttpsDefaults</c> that the application sets AFTER
/// <c>UseStickyActors</c> still apply to the handed-off connections: the echo app (with
/// <c>--https-defaults-pfx</c>) gets its connection handler from the endpoint defaults and its
/// certificate from the HTTPS defaults (its endpoint defaults call <c>UseHttps()</c> without one), both
/// configured after <c>UseStickyActors(host)</c>.
/// </summary>
public sealed class KestrelDefaultsOrderTests : IDisposable
{
    private readonly string _pfx = Path.Combine(Path.GetTempPath(), $"sticky-test-{Guid.NewGuid():N}.pfx");

    public KestrelDefaultsOrderTests()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_pfx, certificate.Export(X509ContentType.Pfx));
    }

    [Fact]
    public async Task DefaultsSetAfterUseStickyActors_HandedOffConnections_UseTheirHandlerAndCertificate()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, arguments: ["--https-defaults-pfx", _pfx], app: RepoPaths.TestAppDll("StickyActors.EchoApp"));
        using var expected = X509CertificateLoader.LoadPkcs12FromFile(_pfx, password: null);

        var workers = new HashSet<string>();
        foreach (var source in HttpProbe.Sources(block: 63, count: 16))
        {
            var (certificate, response) = await ExchangeOverTlsAsync(source, cluster.Port);

            Assert.Equal(expected.Thumbprint, certificate);
            // The echo handler (from the endpoint defaults) answers with the raw request and its worker id.
            Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
            Assert.Contains("GET /defaults-order HTTP/1.1", response, StringComparison.Ordinal);
            workers.Add(response.Split("\r\n").Single(l => l.StartsWith("X-Worker-Id:", StringComparison.Ordinal)));
        }

        Assert.Equal(2, workers.Count);
    }

    public void Dispose() => File.Delete(_pfx);

    private static async Task<(string Certificate, string Response)> ExchangeOverTlsAsync(IPAddress source, int port)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = (_, _, _, _) => true },
            cts.Token);
        var certificate = tls.RemoteCertificate?.GetCertHashString() ?? string.Empty;
        await tls.WriteAsync("GET /defaults-order HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray(), cts.Token);
        using var reader = new StreamReader(tls, Encoding.ASCII);
        return (certificate, await reader.ReadToEndAsync(cts.Token));
    }
}
