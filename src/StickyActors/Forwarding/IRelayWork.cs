namespace StickyActors.Forwarding;

/// <summary>Something posted to a <see cref="RelayLoop"/> from another thread, run once on the loop's thread.</summary>
internal interface IRelayWork
{
    void Run(RelayLoop loop);

    /// <summary>The loop stopped before running it: release what it holds.</summary>
    void Cancel();
}
