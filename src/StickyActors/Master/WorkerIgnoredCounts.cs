namespace StickyActors.Master;

/// <summary>
/// Per worker slot, the control-plane messages its worker processes ignored: what each process
/// reported last (a running total of that process), summed over the slot's processes.
/// </summary>
internal sealed class WorkerIgnoredCounts(int workers)
{
    private readonly long[] _before = new long[workers];
    private readonly int[] _generation = new int[workers];
    private readonly long[] _current = new long[workers];

    /// <summary>Process <paramref name="generation"/> of slot <paramref name="workerId"/> reports its running total.</summary>
    public void Report(int workerId, int generation, long count)
    {
        if ((uint)workerId >= (uint)_current.Length || generation < _generation[workerId])
        {
            return;
        }

        if (generation > _generation[workerId])
        {
            _before[workerId] += _current[workerId];
            _generation[workerId] = generation;
            _current[workerId] = 0;
        }

        _current[workerId] = Math.Max(_current[workerId], count);
    }

    public long Of(int workerId) => _before[workerId] + _current[workerId];

    public long Total => _before.Sum() + _current.Sum();
}
