using System.Diagnostics;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// Completes with the Stopwatch timestamp of the first line, written after it was created, that
/// contains a text. Create it before causing the line, dispose it after.
/// </summary>
internal sealed class LineWatch : IDisposable
{
    private readonly ServerProcess _process;
    private readonly string _text;
    private readonly TaskCompletionSource<long> _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LineWatch(ServerProcess process, string text)
    {
        _process = process;
        _text = text;
        _process.LineWritten += OnLine;
    }

    public Task<long> Seen => _seen.Task;

    /// <summary>The line seen, once <see cref="Seen"/> has completed.</summary>
    public string? Line { get; private set; }

    public void Dispose() => _process.LineWritten -= OnLine;

    private void OnLine(string line)
    {
        if (line.Contains(_text, StringComparison.Ordinal) && !_seen.Task.IsCompleted)
        {
            Line = line;
            _seen.TrySetResult(Stopwatch.GetTimestamp());
        }
    }
}
