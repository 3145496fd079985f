namespace StickyActors.Configuration;

/// <summary>What the public listener speaks (<c>sticky-actors.listen.protocol</c>): how the master answers a connection no worker can take.</summary>
public enum ListenProtocol
{
    /// <summary>Any protocol: a connection no worker can take is closed.</summary>
    Tcp,

    /// <summary>
    /// HTTP/1.x (plain; not TLS, not HTTP/2 with prior knowledge): a connection no worker can take is
    /// answered <c>503 Service Unavailable</c> with <c>Retry-After</c>, then closed.
    /// </summary>
    Http,
}
