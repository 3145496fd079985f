namespace StickyActors.Forwarding;

/// <summary>How far a forward got before it failed and went to the fallback.</summary>
internal enum ForwardStage
{
    /// <summary>Creating the socket and pipes, or connecting to the owner.</summary>
    Connect,

    /// <summary>Reading the owner's challenge.</summary>
    Challenge,

    /// <summary>Writing the forward header.</summary>
    Header,

    /// <summary>The connect timeout ran out before the header was written.</summary>
    Timeout,

    /// <summary>The owner left the cluster (<see cref="Routing.IConnectionForwarder.CloseAllTo"/>) before the header was written.</summary>
    OwnerLeft,
}
