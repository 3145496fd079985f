namespace StickyActors.Forwarding;

/// <summary>Why the forward listener refused an inbound connection.</summary>
internal enum ForwardRejection
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>The peer's address is not a cluster member's.</summary>
    NotMember,

    /// <summary>The whole header did not arrive within the handshake timeout.</summary>
    Timeout,

    /// <summary>The peer closed or reset before the whole header arrived.</summary>
    PeerClosed,

    /// <summary>The bytes do not start with the PROXY v2 signature and version.</summary>
    BadSignature,

    /// <summary>A PROXY v2 header with the LOCAL (or an unknown) command.</summary>
    NotProxyCommand,

    /// <summary>An address family or transport other than TCP over IPv4 or IPv6 (or unspecified).</summary>
    UnsupportedAddress,

    /// <summary>The declared header length exceeds <see cref="ForwardHeader.MaxLength"/>.</summary>
    TooLong,

    /// <summary>The address block or a TLV does not fit, or a forwarding TLV has the wrong size or repeats.</summary>
    Malformed,

    /// <summary>No route TLV (0xE0).</summary>
    MissingRoute,

    /// <summary>No MAC TLV (0xE1).</summary>
    MissingMac,

    /// <summary>The MAC does not match this cluster's secret and this connection's nonce.</summary>
    BadMac,
}
