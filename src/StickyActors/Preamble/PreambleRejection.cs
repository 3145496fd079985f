namespace StickyActors.Preamble;

/// <summary>Why the master closed a connection before routing it.</summary>
internal enum PreambleRejection
{
    /// <summary>The preamble did not arrive within its deadline.</summary>
    Timeout,

    /// <summary>The PROXY header was malformed or oversized.</summary>
    MalformedProxyHeader,

    /// <summary>PROXY protocol is required and the connection did not start with a header.</summary>
    MissingProxyHeader,

    /// <summary>A PROXY header came from a peer outside the trusted networks.</summary>
    UntrustedProxy,

    /// <summary>The bytes are not an HTTP/1.x request head.</summary>
    MalformedRequest,

    /// <summary>The request head is larger than allowed.</summary>
    RequestHeadTooLarge,

    /// <summary>The client closed or reset the connection before its preamble was complete.</summary>
    ClosedEarly,

    /// <summary>Too many connections were in preamble state.</summary>
    Overloaded,

    /// <summary>Too many connections from one source address (IPv6: its /64) were in preamble state.</summary>
    SourceOverloaded,
}
