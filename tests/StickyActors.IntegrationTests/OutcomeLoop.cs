using System.Net;

namespace StickyActors.IntegrationTests;

/// <summary>
/// One client loop over a group of source addresses (a fresh connection per request), counting every
/// outcome by kind: answered by worker 0, by worker 1, by another worker, or failed (an error status or a broken connection).
/// </summary>
internal sealed class OutcomeLoop
{
    private readonly IPAddress[] _sources;
    private readonly Task _loop;
    private int _servedBy0Count;
    private int _servedBy1Count;
    private int _servedByOthersCount;
    private int _failed;
    private string? _lastFailure;

    public OutcomeLoop(int port, IPAddress[] sources, CancellationToken stop)
    {
        Assert.NotEmpty(sources);
        _sources = sources;
        _loop = Task.Run(() => RunAsync(port, stop));
    }

    public int Total => Volatile.Read(ref _servedBy0Count) + Volatile.Read(ref _servedBy1Count) + Volatile.Read(ref _servedByOthersCount) + Volatile.Read(ref _failed);

    /// <summary>Waits until at least <paramref name="answers"/> outcomes were counted.</summary>
    public async Task WaitForAsync(int answers)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Total < answers)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>True once a request counted from now on is answered by worker 0; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForNextServedByWorkerZeroAsync(TimeSpan timeout)
    {
        var before = Volatile.Read(ref _servedBy0Count);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref _servedBy0Count) == before && clock.Elapsed < timeout)
        {
            await Task.Delay(20);
        }

        return Volatile.Read(ref _servedBy0Count) > before;
    }

    /// <summary>Waits for the loop to end (its token cancelled) and returns the counts.</summary>
    public async Task<Outcomes> StopAsync()
    {
        await _loop;
        return new Outcomes(_servedBy0Count, _servedBy1Count, _failed, _lastFailure, _servedByOthersCount);
    }

    private async Task RunAsync(int port, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var source = _sources[i % _sources.Length];
            try
            {
                var answer = await HttpProbe.GetAsync(source, port, TimeSpan.FromSeconds(10));
                switch (answer)
                {
                    case { Status: 200, WorkerId: 0 }:
                        Interlocked.Increment(ref _servedBy0Count);
                        break;
                    case { Status: 200, WorkerId: 1 }:
                        Interlocked.Increment(ref _servedBy1Count);
                        break;
                    case { Status: 200, WorkerId: > 1 }:
                        Interlocked.Increment(ref _servedByOthersCount);
                        break;
                    default:
                        Fail($"{source}: status {answer.Status}, worker {answer.WorkerId}");
                        break;
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or IOException)
            {
                if (!stop.IsCancellationRequested)
                {
                    Fail($"{source}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    private void Fail(string failure)
    {
        Interlocked.Increment(ref _failed);
        Volatile.Write(ref _lastFailure, failure);
    }

    /// <summary>The counts of one loop.</summary>
    internal sealed record Outcomes(int ServedBy0, int ServedBy1, int Failed, string? LastFailure, int ServedByOthers = 0)
    {
        public int Total => ServedBy0 + ServedBy1 + ServedByOthers + Failed;
    }
}
