using StickyActors.Handoff;

namespace StickyActors.Tests.Handoff;

/// <summary>A handle channel that records what it was given, for tests without sockets.</summary>
internal sealed class FakeHandoffTarget(int workerId) : IHandoffTarget
{
    public event Action? Died;

    public int WorkerId => workerId;

    public bool Alive { get; set; } = true;

    public bool IsAlive => Alive;

    public List<AcceptedConnection> Received { get; } = [];

    public bool Sealed { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>The next send finds the worker gone (it died mid-send), as a broken socket pair would.</summary>
    public bool DiesOnNextSend { get; set; }

    public HandoffResult TryHandOff(in AcceptedConnection connection)
    {
        if (DiesOnNextSend)
        {
            DiesOnNextSend = false;
            Break();
        }

        if (!Alive)
        {
            return HandoffResult.Dead;
        }

        Received.Add(connection);
        return HandoffResult.Sent;
    }

    public void Break()
    {
        Alive = false;
        Died?.Invoke();
    }

    public void Seal()
    {
        Sealed = true;
        Alive = false;
    }

    public void Dispose()
    {
        Disposed = true;
        Alive = false;
    }
}
