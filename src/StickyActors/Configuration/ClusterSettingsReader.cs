using System.Net;
using System.Text;

namespace StickyActors.Configuration;

/// <summary>Reads and validates <c>sticky-actors.cluster</c>, every problem named by its key.</summary>
internal static class ClusterSettingsReader
{
    private const int MinSecretBytes = 32;

    public static ClusterSettings Read(SettingsReader reader)
    {
        var enabled = reader.Bool("cluster.enabled");
        var hostname = reader.String("cluster.hostname", allowEmpty: true);
        if (hostname.Length == 0 && enabled)
        {
            hostname = Dns.GetHostName();
        }

        var publicHostname = reader.String("cluster.public-hostname", allowEmpty: true);
        var forwardAddress = reader.String("cluster.forward.address", allowEmpty: true);
        var secretFile = reader.String("cluster.secret-file", allowEmpty: true);
        return new ClusterSettings(
            enabled,
            hostname,
            publicHostname.Length == 0 ? hostname : publicHostname,
            reader.Int("cluster.port", min: 0, max: 65535),
            reader.StringList("cluster.seed-nodes"),
            new ClusterForwardSettings(
                forwardAddress.Length == 0 ? hostname : forwardAddress,
                reader.Int("cluster.forward.port", min: 0, max: 65535),
                reader.Int("cluster.forward.threads", min: 1, max: 64),
                reader.Duration("cluster.forward.connect-timeout"),
                reader.Duration("cluster.forward.handshake-timeout"),
                reader.Duration("cluster.forward.idle-timeout", allowZero: true)),
            new ClusterTlsSettings(
                reader.String("cluster.tls.certificate-path", allowEmpty: true),
                reader.String("cluster.tls.certificate-password", allowEmpty: true),
                reader.StringList("cluster.tls.trusted-thumbprints").Select(NormalizeThumbprint).ToArray(),
                reader.Bool("cluster.tls.validate-chain")),
            new SplitBrainSettings(
                reader.Enum("cluster.split-brain-resolver.active-strategy", SplitBrainStrategy.KeepMajority),
                reader.Duration("cluster.split-brain-resolver.stable-after"),
                reader.Int("cluster.split-brain-resolver.quorum-size", min: 0, max: 10_000)))
        {
            InsecureLoopbackOnly = reader.Bool("cluster.insecure-loopback-only"),
            Secret = ReadSecret(reader, enabled, secretFile),
            SecretFile = secretFile,
            HeartbeatInterval = reader.Duration("cluster.failure-detector.heartbeat-interval"),
            AcceptableHeartbeatPause = reader.Duration("cluster.failure-detector.acceptable-heartbeat-pause"),
            Weight = reader.Int("cluster.weight", min: 0, max: 1_000_000),
        };
    }

    /// <summary>The rules between keys, checked only for an enabled cluster.</summary>
    public static void Validate(SettingsReader reader, ClusterSettings cluster, SteeringMode steering)
    {
        if (!cluster.Enabled)
        {
            return;
        }

        if (steering == SteeringMode.Kernel)
        {
            reader.Problem("listen.steering", "kernel steering cannot be used with cluster.enabled = on: cluster forwarding needs the master to see every connection (use auto or master)");
        }

        if (!cluster.Tls.IsEnabled && !cluster.InsecureLoopbackOnly)
        {
            reader.Problem("cluster.tls.certificate-path", $"must name a PKCS#12 certificate when cluster.enabled = on; a cluster without TLS needs {SettingsReader.Section}.cluster.insecure-loopback-only = on and loopback addresses only");
        }
        else if (cluster.Tls.IsEnabled && !File.Exists(cluster.Tls.CertificatePath))
        {
            reader.Problem("cluster.tls.certificate-path", $"file '{cluster.Tls.CertificatePath}' does not exist");
        }

        foreach (var thumbprint in cluster.Tls.TrustedThumbprints)
        {
            if (thumbprint.Length is not (40 or 64) || !thumbprint.All(char.IsAsciiHexDigit))
            {
                reader.Problem("cluster.tls.trusted-thumbprints", $"'{thumbprint}' is not a SHA-256 (64 hex digits) or SHA-1 (40) certificate fingerprint");
            }
        }

        var seedHosts = new List<string>();
        foreach (var seed in cluster.SeedNodes)
        {
            if (SeedNodeHost(seed) is { } host)
            {
                seedHosts.Add(host);
            }
            else
            {
                reader.Problem("cluster.seed-nodes", $"'{seed}' is not an address such as akka.tcp://{ClusterSettings.SystemName}@10.0.0.1:4053");
            }
        }

        if (!IPAddress.TryParse(cluster.Forward.Address, out var forward) || forward.Equals(IPAddress.Any) || forward.Equals(IPAddress.IPv6Any))
        {
            reader.Problem("cluster.forward.address", $"must be an IP address the other hosts can connect to (it defaults to cluster.hostname), was '{cluster.Forward.Address}'");
        }

        if (cluster.SplitBrainResolver.Strategy == SplitBrainStrategy.StaticQuorum && cluster.SplitBrainResolver.QuorumSize == 0)
        {
            reader.Problem("cluster.split-brain-resolver.quorum-size", "must be at least 1 with active-strategy = static-quorum");
        }

        if (cluster.Secret.Length < MinSecretBytes && !reader.HasProblem("cluster.secret-file"))
        {
            reader.Problem(cluster.SecretFile.Length > 0 ? "cluster.secret-file" : "cluster.secret", $"must hold a shared secret of at least {MinSecretBytes} bytes when cluster.enabled = on (has {cluster.Secret.Length})");
        }

        if (cluster.InsecureLoopbackOnly)
        {
            RequireLoopback(reader, "cluster.hostname", cluster.Hostname);
            RequireLoopback(reader, "cluster.public-hostname", cluster.PublicHostname);
            RequireLoopback(reader, "cluster.forward.address", cluster.Forward.Address);
            foreach (var host in seedHosts)
            {
                RequireLoopback(reader, "cluster.seed-nodes", host);
            }
        }
    }

    /// <summary>Upper-case hex without separators (<c>AB:CD</c> and <c>ab cd</c> are <c>ABCD</c>).</summary>
    internal static string NormalizeThumbprint(string text) =>
        string.Concat(text.Where(c => c is not (':' or ' ' or '-'))).ToUpperInvariant();

    /// <summary>The host of a seed node address, or null when it is not one of this cluster's addresses.</summary>
    internal static string? SeedNodeHost(string seed)
    {
        // Akka names a TLS address akka.ssl.tcp://; either spelling joins over the transport in use.
        var prefix = $"akka.tcp://{ClusterSettings.SystemName}@";
        var tlsPrefix = $"akka.ssl.tcp://{ClusterSettings.SystemName}@";
        if (seed.StartsWith(tlsPrefix, StringComparison.Ordinal))
        {
            seed = prefix + seed[tlsPrefix.Length..];
        }

        if (!seed.StartsWith(prefix, StringComparison.Ordinal)
            || !Uri.TryCreate("tcp://" + seed[prefix.Length..], UriKind.Absolute, out var uri)
            || uri.IsDefaultPort || uri.AbsolutePath != "/" || uri.Host.Length == 0)
        {
            return null;
        }

        return uri.Host.Trim('[', ']');
    }

    private static void RequireLoopback(SettingsReader reader, string key, string host)
    {
        var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        if (!loopback)
        {
            reader.Problem(key, $"'{host}' is not a loopback address, but cluster.insecure-loopback-only = on runs the cluster without TLS (configure cluster.tls for other addresses)");
        }
    }

    private static ReadOnlyMemory<byte> ReadSecret(SettingsReader reader, bool enabled, string file)
    {
        var secret = reader.String("cluster.secret", allowEmpty: true);
        if (file.Length == 0)
        {
            return Encoding.UTF8.GetBytes(secret);
        }

        if (!enabled)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        try
        {
            var text = File.ReadAllText(file).TrimEnd('\r', '\n');
            return Encoding.UTF8.GetBytes(text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            reader.Problem("cluster.secret-file", $"cannot be read: {e.Message}");
            return ReadOnlyMemory<byte>.Empty;
        }
    }
}
