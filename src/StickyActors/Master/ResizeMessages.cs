namespace StickyActors.Master;

/// <summary>
/// Host → master actor: add one worker slot (<paramref name="Delta"/> = 1, SIGTTIN) or remove the
/// highest one (−1, SIGTTOU). Answered with <see cref="ResizeDone"/> once the routing table has
/// the new slot count; a new worker registers, and a removed one drains, after that.
/// </summary>
internal sealed record ResizeWorkers(int Delta);

/// <summary>How a resize ended: the slot count now, and what happened or why nothing did.</summary>
internal sealed record ResizeDone(bool Succeeded, int Count, string Detail);

/// <summary>A removed slot's process drained and exited (or its drain answer timed out: <paramref name="ExitCode"/> −1).</summary>
internal sealed record RemovedSlotDrained(int WorkerId, Akka.Actor.IActorRef Supervisor, int ExitCode);
