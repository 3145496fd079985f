using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace StickyActors.ControlPlane;

/// <summary>
/// The control plane's TLS identity: a self-signed certificate made in memory when a master starts,
/// shared with its workers over their inherited socket pairs and pinned on both sides, so a TLS
/// handshake with anybody else (no key, another master's key) fails before Akka sees a byte.
/// </summary>
internal sealed class ControlPlaneCredentials : IDisposable
{
    private readonly byte[] _pinnedHash;

    private ControlPlaneCredentials(X509Certificate2 certificate)
    {
        Certificate = certificate;
        _pinnedHash = SHA256.HashData(certificate.RawData);
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A fresh identity (P-256, valid for a year, never written to disk).</summary>
    public static ControlPlaneCredentials Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sticky-actors-control-plane", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));

        // Round-trip through PKCS#12 so the key is one SslStream can use on every platform.
        return FromPkcs12(created.Export(X509ContentType.Pkcs12));
    }

    /// <summary>The identity a worker received from its master.</summary>
    public static ControlPlaneCredentials FromPkcs12(ReadOnlySpan<byte> pkcs12) =>
        new(X509CertificateLoader.LoadPkcs12(pkcs12, password: null, X509KeyStorageFlags.EphemeralKeySet));

    /// <summary>The certificate and key, for a worker.</summary>
    public byte[] ToPkcs12() => Certificate.Export(X509ContentType.Pkcs12);

    /// <summary>Whether <paramref name="peer"/> is exactly the pinned certificate.</summary>
    public bool IsPinned(X509Certificate2? peer) =>
        peer is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(peer.RawData), _pinnedHash);

    /// <summary>
    /// Mutual TLS for the DotNetty transport: both sides present this certificate and accept only it
    /// (chain and host name do not matter for a self-signed, pinned certificate; anything else fails).
    /// </summary>
    public DotNettySslSetup SslSetup() => new(
        Certificate,
        suppressValidation: false,
        requireMutualAuthentication: true,
        validateCertificateHostname: false,
        customValidator: Validate);

    public void Dispose() => Certificate.Dispose();

    private bool Validate(X509Certificate2? certificate, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        // Only "no certificate" is fatal among the policy errors: a self-signed chain is expected.
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        return IsPinned(certificate);
    }
}
