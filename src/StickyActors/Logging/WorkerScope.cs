using System.Collections;
using System.Globalization;

namespace StickyActors.Logging;

/// <summary>The logging scope around a worker's forwarded output: which worker, which process.</summary>
/// <param name="WorkerId">The worker's slot.</param>
/// <param name="Pid">The worker process.</param>
internal sealed record WorkerScope(int WorkerId, int Pid) : IReadOnlyList<KeyValuePair<string, object>>
{
    public int Count => 2;

    public KeyValuePair<string, object> this[int index] => index switch
    {
        0 => new("WorkerId", WorkerId),
        1 => new("WorkerPid", Pid),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"worker {WorkerId} pid {Pid}");
}
