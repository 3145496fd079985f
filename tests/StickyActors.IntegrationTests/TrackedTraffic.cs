using System.Diagnostics;
using System.Net;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Traffic that never stops: loops of connection-per-request GETs, each loop cycling through its
/// own source addresses with a short pause, recording for every address which worker (pid) answered
/// and when. Started before the workers register, it sees what SignalR clients see after a restart.
/// </summary>
internal sealed class TrackedTraffic : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<IPAddress, List<Answer>> _answers = [];
    private readonly Task[] _loops;
    private long _failures;

    public TrackedTraffic(int port, IPAddress[] sources, int loops, TimeSpan pause, TimeSpan maxDuration)
    {
        Sources = sources;
        foreach (var source in sources)
        {
            _answers[source] = [];
        }

        _stop.CancelAfter(maxDuration);
        _loops = Enumerable.Range(0, loops)
            .Select(i => Task.Run(() => RunAsync(port, sources.Where((_, n) => n % loops == i).ToArray(), pause)))
            .ToArray();
    }

    public IReadOnlyList<IPAddress> Sources { get; }

    public TimeSpan Now => _clock.Elapsed;

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The pids that answered <paramref name="source"/>, in order, with consecutive repeats folded.</summary>
    public IReadOnlyList<int> WorkerSequence(IPAddress source, TimeSpan? from = null)
    {
        var sequence = new List<int>();
        foreach (var answer in Answers(source).Where(a => a.Started >= (from ?? TimeSpan.Zero)))
        {
            if (sequence.Count == 0 || sequence[^1] != answer.Pid)
            {
                sequence.Add(answer.Pid);
            }
        }

        return sequence;
    }

    /// <summary>Per address, the pid of its last answer to a request started at or after <paramref name="from"/>.</summary>
    public Dictionary<IPAddress, int> LastWorkers(TimeSpan from) =>
        Sources.Select(s => (s, Answers(s).LastOrDefault(a => a.Started >= from)))
            .Where(x => x.Item2.Pid != 0)
            .ToDictionary(x => x.s, x => x.Item2.Pid);

    /// <summary>Answers to requests started at or after <paramref name="from"/>.</summary>
    public int AnsweredSince(TimeSpan from) => Sources.Sum(s => Answers(s).Count(a => a.Started >= from));

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    private Answer[] Answers(IPAddress source)
    {
        var list = _answers[source];
        lock (list)
        {
            return list.ToArray();
        }
    }

    private async Task RunAsync(int port, IPAddress[] sources, TimeSpan pause)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var source = sources[i % sources.Length];
            var started = _clock.Elapsed;
            try
            {
                var answer = await HttpProbe.GetAsync(source, port, TimeSpan.FromSeconds(15));
                if (answer.Status == 200)
                {
                    var list = _answers[source];
                    lock (list)
                    {
                        list.Add(new Answer(started, answer.Pid));
                    }
                }
                else
                {
                    Interlocked.Increment(ref _failures);
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or IOException)
            {
                Interlocked.Increment(ref _failures);
            }

            try
            {
                await Task.Delay(pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private readonly record struct Answer(TimeSpan Started, int Pid);
}
