using System.Diagnostics;
using System.Net;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Bounded background load: several loops, each doing connection-per-request GETs from its own
/// source addresses, counting successes and failures (by the worker that served the last success).
/// </summary>
internal sealed class LoadLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private long _succeeded;
    private readonly List<string> _failures = [];

    public LoadLoop(int port, int loops, int block, TimeSpan maxDuration)
    {
        _stop.CancelAfter(maxDuration);
        var sources = HttpProbe.Sources(block, 250);
        var share = sources.Length / loops;
        _loops = Enumerable.Range(0, loops).Select(i => Task.Run(() => RunAsync(port, sources[(i * share)..((i + 1) * share)]))).ToArray();
    }

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
            {
                return _failures.ToArray();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await Task.WhenAll(_loops);
    }

    private async Task RunAsync(int port, IPAddress[] sources)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var source = sources[i % sources.Length];
            try
            {
                var answer = await HttpProbe.GetAsync(source, port, TimeSpan.FromSeconds(10));
                if (answer.Status == 200)
                {
                    Interlocked.Increment(ref _succeeded);
                    continue;
                }

                Fail($"{clock.Elapsed}: {source} got status {answer.Status}");
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or IOException)
            {
                if (!_stop.IsCancellationRequested)
                {
                    Fail($"{clock.Elapsed}: {source}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    private void Fail(string failure)
    {
        lock (_failures)
        {
            _failures.Add(failure);
        }
    }
}
