using StickyActors.Configuration;

namespace StickyActors.Hosting;

/// <summary>The affinity key, the PROXY protocol and the preamble the master reads.</summary>
public sealed partial class StickyActorsOptions
{
    /// <summary>PROXY protocol from a load balancer in front (<c>listen.proxy-protocol</c>). Defaults to <see cref="ProxyProtocolMode.Off"/>.</summary>
    public ProxyProtocolMode? ProxyProtocol { get; set; }

    /// <summary>Networks (CIDR) allowed to send a PROXY header or be skipped in X-Forwarded-For (<c>listen.trusted-proxies</c>). Defaults to loopback.</summary>
    public IList<string>? TrustedProxies { get; set; }

    /// <summary>What "the same client" means (<c>affinity.key</c>). Defaults to <see cref="AffinityKeySource.ClientIp"/>.</summary>
    public AffinityKeySource? AffinityKey { get; set; }

    /// <summary>Prefix bits of an IPv4 client with <see cref="AffinityKeySource.IpPrefix"/> (<c>affinity.ipv4-prefix</c>). Defaults to 32.</summary>
    public int? AffinityIpv4Prefix { get; set; }

    /// <summary>Prefix bits of an IPv6 client with <see cref="AffinityKeySource.IpPrefix"/> (<c>affinity.ipv6-prefix</c>). Defaults to 64.</summary>
    public int? AffinityIpv6Prefix { get; set; }

    /// <summary>Header, cookie or query parameter name of the HTTP affinity keys (<c>affinity.name</c>). Defaults to empty.</summary>
    public string? AffinityName { get; set; }

    /// <summary>Lifetime of the affinity cookie the workers set with <see cref="AffinityKeySource.BucketCookie"/>; zero makes it a session cookie (<c>affinity.cookie-lifetime</c>). Defaults to 0.</summary>
    public TimeSpan? AffinityCookieLifetime { get; set; }

    /// <summary>Time a client has to send its whole preamble (<c>preamble.timeout</c>). Defaults to 5 s.</summary>
    public TimeSpan? PreambleTimeout { get; set; }

    /// <summary>Connections in preamble state at once (<c>preamble.max-pending</c>). Defaults to 1024.</summary>
    public int? PreambleMaxPending { get; set; }

    /// <summary>Connections in preamble state at once from one source address or IPv6 /64 (<c>preamble.max-pending-per-source</c>); 0 means a sixteenth of <see cref="PreambleMaxPending"/>. Defaults to 0 (64).</summary>
    public int? PreambleMaxPendingPerSource { get; set; }

    /// <summary>Largest HTTP request head read for an HTTP affinity key (<c>preamble.max-request-head</c>). Defaults to 8192.</summary>
    public int? PreambleMaxRequestHead { get; set; }
}
