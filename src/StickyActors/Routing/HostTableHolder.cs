namespace StickyActors.Routing;

/// <summary>The current <see cref="HostTable"/>, swapped atomically by the membership actor.</summary>
internal sealed class HostTableHolder
{
    private HostTable _current = HostTable.Local;

    /// <summary>Raised after a new table is published (on the publishing thread).</summary>
    public event Action<HostTable>? Published;

    public HostTable Current => Volatile.Read(ref _current);

    public void Publish(HostTable table)
    {
        Volatile.Write(ref _current, table);
        Published?.Invoke(table);
    }
}
