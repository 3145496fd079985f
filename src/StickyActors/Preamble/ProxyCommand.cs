namespace StickyActors.Preamble;

/// <summary>The command of a PROXY protocol header.</summary>
internal enum ProxyCommand
{
    /// <summary>The connection was relayed for a client; the header may carry its address.</summary>
    Proxy,

    /// <summary>The proxy opened the connection itself (a health check); use the socket's addresses.</summary>
    Local,
}
