using StickyActors.Handoff;

namespace StickyActors.Preamble;

/// <summary>What to do after looking at the bytes a client has sent so far.</summary>
/// <param name="Consume">How many of the peeked bytes to take off the socket now.</param>
/// <param name="Outcome">Read more, route, or reject.</param>
/// <param name="Client">The client to route as (with <see cref="PreambleOutcome.Route"/>).</param>
/// <param name="Key">The affinity hash (with <see cref="PreambleOutcome.Route"/>).</param>
/// <param name="Rejection">Why (with <see cref="PreambleOutcome.Reject"/>).</param>
/// <param name="Detail">The parser's explanation of a rejection, for the log.</param>
/// <param name="Bucket">The bucket a valid affinity cookie named (with <see cref="PreambleOutcome.Route"/>); -1 to use <paramref name="Key"/>.</param>
internal readonly record struct PreambleDecision(
    int Consume,
    PreambleOutcome Outcome,
    ClientAddress Client = default,
    ulong Key = 0,
    PreambleRejection Rejection = default,
    string? Detail = null,
    int Bucket = -1)
{
    public bool Answer400 => Outcome == PreambleOutcome.Reject && Rejection is PreambleRejection.MalformedRequest or PreambleRejection.RequestHeadTooLarge;
}

/// <summary>The three ways a preamble step ends.</summary>
internal enum PreambleOutcome
{
    /// <summary>Consume what was said and wait for more bytes.</summary>
    ReadMore,

    /// <summary>Consume what was said and route the connection.</summary>
    Route,

    /// <summary>Close the connection and count why.</summary>
    Reject,
}
