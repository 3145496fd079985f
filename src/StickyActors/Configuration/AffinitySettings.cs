using System.Net;

namespace StickyActors.Configuration;

/// <summary>Where the affinity key comes from (<c>sticky-actors.affinity.key</c>).</summary>
public enum AffinityKeySource
{
    /// <summary>The client address (from the PROXY header when one was sent). The default.</summary>
    ClientIp,

    /// <summary>The client's network prefix.</summary>
    IpPrefix,

    /// <summary>An HTTP request header.</summary>
    Header,

    /// <summary>An HTTP cookie.</summary>
    Cookie,

    /// <summary>An HTTP query parameter.</summary>
    Query,

    /// <summary>
    /// An HTTP cookie (named by <see cref="AffinitySettings.Name"/>) whose value names a bucket: the
    /// workers set it (<c>app.UseStickyActorsAffinity()</c>), the master reads it without hashing;
    /// a request without a valid one is routed by the client address.
    /// </summary>
    BucketCookie,
}

/// <summary>Whether the listener expects PROXY protocol headers (<c>sticky-actors.listen.proxy-protocol</c>).</summary>
public enum ProxyProtocolMode
{
    /// <summary>Never look for one. The default.</summary>
    Off,

    /// <summary>Use one when a trusted peer sends it.</summary>
    Optional,

    /// <summary>Every connection must start with one from a trusted peer.</summary>
    Required,
}

/// <summary>The affinity key (<c>sticky-actors.affinity</c>) and the PROXY protocol of the listener.</summary>
/// <param name="Key">Key source. Defaults to <see cref="AffinityKeySource.ClientIp"/>.</param>
/// <param name="Ipv4Prefix">Prefix bits for IPv4 with <see cref="AffinityKeySource.IpPrefix"/>. Defaults to 32.</param>
/// <param name="Ipv6Prefix">Prefix bits for IPv6 with <see cref="AffinityKeySource.IpPrefix"/>. Defaults to 64.</param>
/// <param name="Name">Header, cookie or query name for the HTTP keys. Defaults to empty.</param>
/// <param name="ProxyProtocol">PROXY protocol mode. Defaults to off.</param>
/// <param name="TrustedProxies">Networks allowed to send PROXY headers or be skipped in X-Forwarded-For. Defaults to loopback.</param>
public sealed record AffinitySettings(
    AffinityKeySource Key,
    int Ipv4Prefix,
    int Ipv6Prefix,
    string Name,
    ProxyProtocolMode ProxyProtocol,
    IReadOnlyList<IPNetwork> TrustedProxies)
{
    /// <summary>
    /// How long the browser keeps the affinity cookie with <see cref="AffinityKeySource.BucketCookie"/>
    /// (<c>affinity.cookie-lifetime</c>); zero makes it a session cookie. Defaults to zero.
    /// </summary>
    public TimeSpan CookieLifetime { get; init; }

    /// <summary>Whether the master must read from a connection before it can route it.</summary>
    public bool NeedsPreamble => ProxyProtocol != ProxyProtocolMode.Off || IsHttpKey;

    internal bool IsHttpKey => Key is AffinityKeySource.Header or AffinityKeySource.Cookie or AffinityKeySource.Query or AffinityKeySource.BucketCookie;
}
