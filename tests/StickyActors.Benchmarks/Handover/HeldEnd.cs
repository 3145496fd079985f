namespace StickyActors.Benchmarks.Handover;

/// <summary>How and when (a Stopwatch timestamp) the server ended a held connection.</summary>
internal readonly record struct HeldEnd(long At, HeldEndKind Kind);

/// <summary>The ways a held keep-alive connection can end.</summary>
internal enum HeldEndKind
{
    /// <summary>Closed in order (FIN) by the server: a draining worker's Kestrel.</summary>
    Closed,

    /// <summary>Reset by the server (RST): the connection was dropped, not closed.</summary>
    Reset,

    /// <summary>Bytes nobody asked for, or another socket error.</summary>
    Unexpected,
}
