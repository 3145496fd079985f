namespace StickyActors.Preamble;

/// <summary>What a preamble parser made of the bytes read so far.</summary>
internal enum PreambleStatus
{
    /// <summary>The bytes are a prefix of something that may still parse: read more.</summary>
    NeedMoreData,

    /// <summary>A complete preamble; its exact length is reported alongside.</summary>
    Parsed,

    /// <summary>The stream does not start with this kind of preamble.</summary>
    NotPresent,

    /// <summary>The stream starts like this kind of preamble but breaks its rules.</summary>
    Invalid,
}
