namespace StickyActors.Supervision;

/// <summary>
/// Set once the master begins to stop (before it leaves a cluster or stops accepting), and read by
/// the workers' supervision: a worker that exits from then on (a signal to the whole process
/// group, as systemd's stop sends, reaches the workers too) is not restarted. Thread-safe.
/// </summary>
internal sealed class MasterStopping
{
    private volatile bool _set;

    public bool IsSet => _set;

    public void Set() => _set = true;
}
