namespace StickyActors.Master;

/// <summary>Asks the master for a <see cref="Supervision.ClusterStatus"/>.</summary>
internal sealed record GetStatus
{
    public static GetStatus Instance { get; } = new();
}

/// <summary>Drain every worker; answered with <see cref="AllDrained"/>.</summary>
internal sealed record DrainAll(TimeSpan Deadline)
{
    /// <summary>Another master accepts from the same socket (handover): stop accepting without shutting it down.</summary>
    public bool KeepListener { get; init; }
}

/// <summary>While a stop waits for the connections in the preamble stage to reach a worker: looks again (until <c>Until</c>, a timestamp).</summary>
internal sealed record PreambleFlushCheck(DrainAll Drain, Akka.Actor.IActorRef ReplyTo, long Until);

/// <summary>A master that took its listener over in a handover starts accepting (once its workers registered); answered with <see cref="AcceptingStarted"/>.</summary>
internal sealed record StartAccepting
{
    public static StartAccepting Instance { get; } = new();
}

/// <summary>The accept threads run.</summary>
internal sealed record AcceptingStarted
{
    public static AcceptingStarted Instance { get; } = new();
}

/// <summary>Every worker exited (or the deadline passed).</summary>
internal sealed record AllDrained(int Drained, int Total);

/// <summary>Replace every worker, one at a time, without dropping a connection.</summary>
internal sealed record RollingRestart
{
    public static RollingRestart Instance { get; } = new();
}

/// <summary>How a rolling restart ended.</summary>
internal sealed record RollingRestartDone(bool Succeeded, string Detail);

/// <summary>The replacement of one worker did not come up in time.</summary>
internal sealed record RollingReplacementTimedOut(int WorkerId);

/// <summary>Asks the master where <paramref name="Client"/>'s connections go; answered with a <see cref="Supervision.ClientRoute"/>.</summary>
internal sealed record GetClientRoute(Handoff.ClientAddress Client);
