namespace StickyActors.Routing;

/// <summary>What the master made of an affinity cookie's value.</summary>
internal enum AffinityCookieStatus
{
    /// <summary>Names a bucket of this cluster: routed to it.</summary>
    Valid,

    /// <summary>Not nine base64url characters (garbage, or a format of no version at all).</summary>
    Malformed,

    /// <summary>Nine characters, but a version this master does not know (an old or newer format).</summary>
    UnknownVersion,

    /// <summary>Decodes to a bucket beyond the table (made for more buckets, or forged).</summary>
    OutOfRange,

    /// <summary>The check does not match (another hash seed or bucket count, a changed character).</summary>
    BadCheck,
}
