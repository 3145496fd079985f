namespace StickyActors.Configuration;

/// <summary>Socket handoff to workers (<c>sticky-actors.handoff</c>).</summary>
/// <param name="QueueCapacity">Connections queued for one slow worker. Defaults to 4096.</param>
/// <param name="NoWorkerTimeout">How long a connection waits when no worker is alive. Defaults to 10 s.</param>
/// <param name="NoWorkerQueueCapacity">Connections held while no worker is alive. Defaults to 1024.</param>
public sealed record HandoffSettings(int QueueCapacity, TimeSpan NoWorkerTimeout, int NoWorkerQueueCapacity);
