using System.Net;
using System.Net.Http.Json;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>The Chat sample's <c>/whoami</c> answer (and its hub's <c>WhoAmI</c>).</summary>
internal sealed record ServedBy(int WorkerId, int Pid, string Mode)
{
    /// <summary>Asks <c>GET /whoami</c> from <paramref name="source"/>: the worker that address lands on.</summary>
    public static async Task<ServedBy> AskAsync(Uri baseUri, IPAddress source, CancellationToken cancellationToken)
    {
        using var client = SourceBoundHandler.Client(source, baseUri);
        return await client.GetFromJsonAsync<ServedBy>("whoami", cancellationToken)
            ?? throw new InvalidOperationException("/whoami answered null.");
    }

    /// <summary>
    /// Source addresses 127.0.20.1, .2, … asked in turn until one lands on each of
    /// <paramref name="workers"/> different workers: the master's hash decides, and this finds out.
    /// </summary>
    public static async Task<IReadOnlyList<(IPAddress Source, ServedBy Worker)>> OnDistinctWorkersAsync(Uri baseUri, int workers, CancellationToken cancellationToken)
    {
        var found = new Dictionary<int, (IPAddress, ServedBy)>();
        for (var host = 1; host < 255 && found.Count < workers; host++)
        {
            var source = IPAddress.Parse($"127.0.20.{host}");
            var worker = await AskAsync(baseUri, source, cancellationToken);
            found.TryAdd(worker.WorkerId, (source, worker));
        }

        Assert.Equal(workers, found.Count);
        return [.. found.Values];
    }
}
