namespace StickyActors.Master;

/// <summary>
/// Per worker slot, a count its worker processes report as running totals (control-plane messages
/// they ignored, connections they accepted themselves under kernel steering): what each process
/// reported last, summed over the slot's processes.
/// </summary>
internal sealed class WorkerSlotTotals(int workers)
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
