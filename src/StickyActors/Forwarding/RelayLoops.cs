using Microsoft.Extensions.Logging;

namespace StickyActors.Forwarding;

/// <summary>The forwarding threads, shared by the relay (outbound pairs) and the forward listener (inbound handshakes); work goes to them round-robin.</summary>
internal sealed class RelayLoops : IDisposable
{
    private readonly RelayLoop[] _loops;
    private int _next = -1;

    public RelayLoops(int threads, TimeSpan tick, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _loops = new RelayLoop[threads];
        try
        {
            for (var i = 0; i < threads; i++)
            {
                _loops[i] = new RelayLoop(i, tick, logger);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        ForwardingLog.ThreadsStarted(logger, threads);
    }

    /// <summary>Runs <paramref name="work"/> on the next thread in turn.</summary>
    public void Post(IRelayWork work) => _loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)_loops.Length)].Post(work);

    /// <summary>Runs a fresh work item from <paramref name="create"/> on every thread.</summary>
    public void PostToAll(Func<IRelayWork> create)
    {
        foreach (var loop in _loops)
        {
            loop.Post(create());
        }
    }

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop?.Dispose();
        }
    }
}
