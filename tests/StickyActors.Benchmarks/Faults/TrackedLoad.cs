using System.Diagnostics;
using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// A <see cref="TrackedLoadLoop"/> on its own thread, bounded by a deadline; <see cref="Stop"/>
/// ends it and hands back every recorded request.
/// </summary>
internal sealed class TrackedLoad : IDisposable
{
    private readonly TrackedLoadLoop _loop;
    private readonly Thread _thread;
    private readonly SourceAddresses _sources;
    private volatile Exception? _failure;

    private TrackedLoad(TrackedLoadLoop loop, SourceAddresses sources, TimeSpan maxDuration)
    {
        _loop = loop;
        _sources = sources;
        var deadline = Stopwatch.GetTimestamp() + (long)(maxDuration.TotalSeconds * Stopwatch.Frequency);
        _thread = new Thread(() =>
        {
            try
            {
                _loop.Run(deadline);
            }
            catch (InvalidOperationException e)
            {
                _failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "faults-load",
        };
        _thread.Start();
    }

    public static TrackedLoad Start(int port, int connections, SourceAddresses sources, TimeSpan requestTimeout, TimeSpan maxDuration) =>
        new(new TrackedLoadLoop(port, connections, sources, requestTimeout), sources, maxDuration);

    /// <summary>
    /// Waits at least <paramref name="minimum"/> and until every source address has had a successful
    /// answer, so each one's worker is known; throws after <paramref name="timeout"/>.
    /// </summary>
    public async Task LearnOwnersAsync(TimeSpan minimum, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < minimum || _loop.CoveredSources < _sources.Count)
        {
            ThrowIfFailed();
            if (clock.Elapsed > timeout || !_thread.IsAlive)
            {
                throw new TimeoutException($"only {_loop.CoveredSources} of {_sources.Count} source addresses had an answer "
                    + $"after {clock.Elapsed.TotalSeconds:0.0} s ({_loop.Finished} requests): cannot learn every client's worker.");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the load and returns every finished request, in the order they finished.</summary>
    public IReadOnlyList<RequestRecord> Stop()
    {
        _loop.Stop();
        _thread.Join();
        ThrowIfFailed();
        return _loop.Records;
    }

    public void Dispose()
    {
        _loop.Stop();
        _thread.Join();
        _loop.Dispose();
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new InvalidOperationException("The load thread failed: " + failure.Message, failure);
        }
    }
}
