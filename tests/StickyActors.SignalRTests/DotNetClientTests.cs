using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using StickyActors.SignalRTests.Infrastructure;
using Xunit.Abstractions;

namespace StickyActors.SignalRTests;

/// <summary>The official SignalR .NET client against the Chat sample, long polling forced.</summary>
public sealed class DotNetClientTests(ITestOutputHelper output)
{
    private const int Clients = 40;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 120_000)]
    public async Task LongPolling_FortyClientsFromDistinctAddresses_AllNegotiateAndReceiveOneBroadcast()
    {
        await using var cluster = await ChatCluster.StartAsync(workers: 2, StartTimeout);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var text = $"broadcast {Guid.NewGuid():N}";
        var clients = Enumerable.Range(1, Clients)
            .Select(i => new LongPollingClient(cluster.BaseUri, IPAddress.Parse($"127.0.30.{i}"), text))
            .ToList();
        try
        {
            // Every negotiate, first poll and handshake must reach the worker that owns the connection.
            await Task.WhenAll(clients.Select(c => c.Connection.StartAsync(cancel.Token)));
            var servedBy = await Task.WhenAll(clients.Select(c => c.Connection.InvokeAsync<ServedBy>("WhoAmI", cancel.Token)));
            output.WriteLine($"clients per worker: {string.Join(", ", servedBy.GroupBy(s => s.WorkerId).Select(g => $"worker {g.Key}: {g.Count()}"))}");
            Assert.Equal(cluster.WorkerPids.Order(), servedBy.Select(s => s.Pid).Distinct().Order());

            await clients[0].Connection.InvokeAsync("Send", "client-0", text, cancel.Token);
            var all = Task.WhenAll(clients.Select(c => c.Received));
            await Task.WhenAny(all, Task.Delay(Timeout.Infinite, cancel.Token));
            Assert.True(all.IsCompletedSuccessfully, $"{clients.Count(c => c.Received.IsCompleted)} of {Clients} clients received the broadcast");
            var received = await all;

            // Those on the other worker got it through the backplane; all see the sender's worker.
            Assert.All(received, message => Assert.Equal(servedBy[0].WorkerId, message.WorkerId));
            Assert.All(clients, c => Assert.Equal(HubConnectionState.Connected, c.Connection.State));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task LongPolling_FortyClientsAgainstStickyActors_NoneFailsAndEachStaysOnItsAddressWorker()
    {
        // The positive counterpart of the SO_REUSEPORT control below: the same 40 clients, 3 workers.
        // A long-polling request that reached another worker than its connection's would fail (404);
        // none may, and each client's hub calls run on the worker a fresh connection from its address reaches.
        await using var cluster = await ChatCluster.StartAsync(workers: 3, StartTimeout);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var clients = Enumerable.Range(1, Clients)
            .Select(i => new LongPollingClient(cluster.BaseUri, IPAddress.Parse($"127.0.30.{i}"), "unused"))
            .ToList();
        try
        {
            var failures = await Task.WhenAll(clients.Select(c => StartFailureAsync(c.Connection, cancel.Token)));
            Assert.True(failures.All(f => f is null), $"failures with stickiness: {string.Join("; ", failures.OfType<Exception>().Select(e => e.Message))}");
            var hub = await Task.WhenAll(clients.Select(c => c.Connection.InvokeAsync<ServedBy>("WhoAmI", cancel.Token)));
            var fresh = await Task.WhenAll(clients.Select(c => ServedBy.AskAsync(cluster.BaseUri, c.Source, cancel.Token)));
            output.WriteLine($"clients per worker: {string.Join(", ", hub.GroupBy(s => s.WorkerId).Select(g => $"worker {g.Key}: {g.Count()}"))}");

            Assert.Equal(fresh.Select(s => s.Pid), hub.Select(s => s.Pid));
            Assert.Equal(3, hub.Select(s => s.Pid).Distinct().Count());
            Assert.All(clients, c => Assert.Equal(HubConnectionState.Connected, c.Connection.State));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task LongPolling_FortyClientsAgainstReusePortWithoutAffinity_SomeFailWithNotFound()
    {
        await using var cluster = await ReusePortCluster.StartAsync(instances: 3, StartTimeout);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var clients = Enumerable.Range(1, Clients)
            .Select(i => new LongPollingClient(cluster.BaseUri, IPAddress.Parse($"127.0.30.{i}"), "unused"))
            .ToList();
        try
        {
            // Negotiate, first poll and handshake need two TCP connections at once; the kernel puts
            // both on the process that owns the connection id about one time in three.
            var failures = await Task.WhenAll(clients.Select(c => StartFailureAsync(c.Connection, cancel.Token)));
            var notFound = failures.Count(e => e is HttpRequestException { StatusCode: HttpStatusCode.NotFound });
            output.WriteLine($"{notFound} of {Clients} clients failed to start with 404");
            Assert.True(notFound > 0, $"all {Clients} clients connected without affinity; failures: {string.Join("; ", failures.OfType<Exception>().Select(e => e.Message))}");
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static async Task<Exception?> StartFailureAsync(HubConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.StartAsync(cancellationToken);
            return null;
        }
        catch (HttpRequestException e)
        {
            return e;
        }
    }
}
