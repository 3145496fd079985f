namespace StickyActors.Preamble;

/// <summary>Where in an HTTP/1.x request head an affinity key is read from.</summary>
internal enum AffinityKeyKind
{
    /// <summary>A request header, by case-insensitive name (first occurrence).</summary>
    Header,

    /// <summary>A cookie, by case-sensitive name, in the Cookie header(s).</summary>
    Cookie,

    /// <summary>A query parameter, by case-sensitive raw name, in the request target.</summary>
    QueryParameter,
}
