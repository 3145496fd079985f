using StickyActors.Handoff;

namespace StickyActors.Benchmarks.Micro;

/// <summary>A live worker channel that takes every connection, for routing benchmarks without sockets.</summary>
internal sealed class AlwaysAliveTarget(int workerId) : IHandoffTarget
{
    public event Action? Died
    {
        add { }
        remove { }
    }

    public int WorkerId => workerId;

    public bool IsAlive => true;

    public HandoffResult TryHandOff(in AcceptedConnection connection) => HandoffResult.Sent;

    public void Seal()
    {
    }

    public void Dispose()
    {
    }
}
