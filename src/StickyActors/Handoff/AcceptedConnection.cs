namespace StickyActors.Handoff;

/// <summary>
/// An accepted client socket on its way to a worker: the descriptor, the client it is from, and any
/// bytes the master already read from it (to be replayed by the worker). Whoever holds it owns the
/// <paramref name="Descriptor"/> and hands it on or closes it; the <see cref="OwnedDescriptor"/>
/// makes sure that happens once, whichever copy does it. <paramref name="Key"/> is the affinity
/// hash that picks its bucket; <paramref name="Bucket"/> is that bucket, set by the dispatcher and
/// sent with the descriptor so the worker can report its open connections per bucket.
/// <paramref name="Pinned"/>: <paramref name="Bucket"/> was named by a valid affinity cookie and
/// is used as it is instead of the key's bucket.
/// </summary>
internal readonly record struct AcceptedConnection(OwnedDescriptor Descriptor, ClientAddress Client, ReadOnlyMemory<byte> Preamble, long AcceptedAt, ulong Key = 0, int Bucket = 0, bool Pinned = false)
{
    /// <summary>Closes the descriptor unless some copy of this connection already closed or handed it on.</summary>
    public void Close() => Descriptor.Close();
}
