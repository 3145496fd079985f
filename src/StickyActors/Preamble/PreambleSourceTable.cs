using System.Runtime.InteropServices;

namespace StickyActors.Preamble;

/// <summary>
/// Connections in preamble state per source (<see cref="PreambleSource"/>), so one source cannot
/// take the whole pool. Taken on an accept thread, released on the preamble thread: one short lock,
/// no allocation once the dictionary has grown to the number of sources seen at once.
/// </summary>
internal sealed class PreambleSourceTable(int maxPerSource)
{
    private readonly Dictionary<PreambleSource, int> _pending = [];
    private readonly Lock _lock = new();

    public int MaxPerSource => maxPerSource;

    /// <summary>Sources with at least one connection in preamble state.</summary>
    public int Sources
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Counts one more connection from <paramref name="source"/>, unless it already has its share.</summary>
    public bool TryTake(PreambleSource source)
    {
        lock (_lock)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_pending, source, out _);
            if (count >= maxPerSource)
            {
                return false;
            }

            count++;
            return true;
        }
    }

    /// <summary>One connection from <paramref name="source"/> left preamble state.</summary>
    public void Release(PreambleSource source)
    {
        lock (_lock)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(_pending, source);
            if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref count))
            {
                return;
            }

            if (--count <= 0)
            {
                _pending.Remove(source);
            }
        }
    }
}
