namespace StickyActors.Forwarding;

/// <summary>The outcome of reading a forward header from the bytes received so far.</summary>
internal enum ForwardHeaderStatus
{
    /// <summary>Not all of the header is here yet; <see cref="ForwardHeader.BytesNeeded"/> says how much is.</summary>
    NeedMoreData,

    /// <summary>A whole, authentic header.</summary>
    Valid,

    /// <summary>Refused; the reason says why.</summary>
    Rejected,
}
