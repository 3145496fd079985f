namespace StickyActors.Configuration;

/// <summary>Mutual TLS between the hosts' cluster systems (<c>sticky-actors.cluster.tls</c>).</summary>
/// <param name="CertificatePath">PKCS#12 file with this host's certificate and key. Defaults to empty (no TLS).</param>
/// <param name="CertificatePassword">Its password. Defaults to empty.</param>
/// <param name="TrustedThumbprints">
/// SHA-256 or SHA-1 fingerprints (upper-case hex, separators removed) of the peers' certificates;
/// empty trusts only this host's own certificate. Defaults to empty.
/// </param>
/// <param name="ValidateChain">Also require a chain to a trusted root. Defaults to false.</param>
public sealed record ClusterTlsSettings(
    string CertificatePath,
    string CertificatePassword,
    IReadOnlyList<string> TrustedThumbprints,
    bool ValidateChain)
{
    /// <summary>Whether a certificate is configured.</summary>
    public bool IsEnabled => CertificatePath.Length > 0;

    /// <summary>Without the password, which must not reach a log.</summary>
    public override string ToString() =>
        $"{nameof(ClusterTlsSettings)} {{ {nameof(CertificatePath)} = {CertificatePath}, {nameof(TrustedThumbprints)} = [{string.Join(", ", TrustedThumbprints)}], {nameof(ValidateChain)} = {ValidateChain} }}";
}
