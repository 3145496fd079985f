using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using StickyActors.Configuration;

namespace StickyActors.Cluster;

/// <summary>
/// This host's TLS identity in the cluster and the peers it accepts. Both sides of every connection
/// present a certificate (mutual TLS) and accept only a pinned one, by SHA-256 or SHA-1 fingerprint;
/// with <c>validate-chain</c> the peer's chain must also lead to a root this machine trusts. So only a
/// holder of a pinned certificate's private key can associate with a host's cluster system: nobody
/// else can join, gossip, send to an actor or read the traffic.
/// </summary>
internal sealed class ClusterCertificate : IDisposable
{
    private readonly HashSet<string> _trusted;
    private readonly bool _validateChain;

    private ClusterCertificate(X509Certificate2 certificate, IReadOnlyList<string> trusted, bool validateChain)
    {
        Certificate = certificate;
        _trusted = new HashSet<string>(trusted.Count > 0 ? trusted : [Sha256(certificate)], StringComparer.Ordinal);
        _validateChain = validateChain;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Loads the PKCS#12 file; a file that cannot be read, or a wrong password, fails naming the key.</summary>
    public static ClusterCertificate Load(ClusterTlsSettings tls)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            var key = e is CryptographicException && e.Message.Contains("password", StringComparison.OrdinalIgnoreCase) ? "certificate-password" : "certificate-path";
            throw new StickyActorsConfigurationException([$"{SettingsReader.Section}.cluster.tls.{key}: cannot load the certificate '{tls.CertificatePath}': {e.Message}"]);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new StickyActorsConfigurationException([$"{SettingsReader.Section}.cluster.tls.certificate-path: '{tls.CertificatePath}' holds no private key"]);
        }

        return new ClusterCertificate(certificate, tls.TrustedThumbprints, tls.ValidateChain);
    }

    /// <summary>Upper-case hex SHA-256 fingerprint of <paramref name="certificate"/>.</summary>
    public static string Sha256(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));

    /// <summary>Mutual TLS with this validator in place of Akka's (which would accept any CA-signed peer).</summary>
    public DotNettySslSetup SslSetup() => new(
        Certificate,
        suppressValidation: false,
        requireMutualAuthentication: true,
        validateCertificateHostname: false,
        customValidator: Validate);

    /// <summary>Whether <paramref name="peer"/> is pinned (and, with validate-chain, chains to a trusted root).</summary>
    public bool Accepts(X509Certificate2? peer, SslPolicyErrors errors)
    {
        if (peer is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        // A host name does not identify a host here (peers connect by address); the pin does.
        if (_validateChain && (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) != SslPolicyErrors.None)
        {
            return false;
        }

        return _trusted.Contains(Sha256(peer)) || _trusted.Contains(peer.Thumbprint.ToUpperInvariant());
    }

    public void Dispose() => Certificate.Dispose();

    private bool Validate(X509Certificate2? certificate, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        var accepted = Accepts(certificate, errors);
        if (!accepted)
        {
            log.Warning("Cluster TLS: refused the certificate of {0} (SHA-256 {1}, policy errors {2})", remotePeer, certificate is null ? "none" : Sha256(certificate), errors);
        }

        return accepted;
    }
}
