namespace StickyActors.Forwarding;

/// <summary>A connection a <see cref="RelayLoop"/> watches; every call comes on that loop's thread.</summary>
internal interface IRelayHandler
{
    /// <summary>One of its descriptors reported <paramref name="events"/>; <paramref name="second"/> when it was watched under token + 1.</summary>
    void OnReady(uint events, bool second);

    /// <summary>The loop's coarse timer: check deadlines against <paramref name="nowMs"/> (<see cref="Environment.TickCount64"/>).</summary>
    void OnTick(long nowMs);

    /// <summary>The loop is stopping, or a callback failed: close everything, now.</summary>
    void Abort();
}
