using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using StickyActors.SignalRTests.Infrastructure;
using Xunit.Abstractions;

namespace StickyActors.SignalRTests;

/// <summary>
/// Many SignalR clients behind one address (a NAT): with the affinity cookie, the page load gets the
/// cookie and negotiate and every poll carry it, so each client keeps one worker and they spread.
/// </summary>
public sealed class CookieAffinityClientTests(ITestOutputHelper output)
{
    private const int Clients = 40;
    private const string CookieName = "chat-affinity";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 150_000)]
    public async Task LongPolling_FortyClientsBehindOneAddressWithTheCookie_AllNegotiateReceiveABroadcastAndKeepTheirWorker()
    {
        await using var cluster = await ChatCluster.StartAsync(workers: 2, StartTimeout, "--affinity-cookie", CookieName);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var text = $"broadcast {Guid.NewGuid():N}";
        var nat = IPAddress.Parse("127.0.31.9");
        var clients = Enumerable.Range(0, Clients).Select(_ => new CookieJarClient(cluster.BaseUri, nat, text)).ToList();
        try
        {
            var pages = await Task.WhenAll(clients.Select(c => c.LoadPageAsync(cancel.Token)));
            var cookies = clients.Select(c => c.Cookie(CookieName)).ToList();
            Assert.All(cookies, Assert.NotNull);

            await Task.WhenAll(clients.Select(c => c.Connection.StartAsync(cancel.Token)));
            var hubs = await Task.WhenAll(clients.Select(c => c.Connection.InvokeAsync<ServedBy>("WhoAmI", cancel.Token)));
            output.WriteLine($"clients per worker: {string.Join(", ", hubs.GroupBy(s => s.WorkerId).OrderBy(g => g.Key).Select(g => $"worker {g.Key}: {g.Count()}"))}");

            // The worker the cookie named after the page load is the one that negotiated and serves the hub connection.
            Assert.Equal(pages.Select(p => p.Pid), hubs.Select(h => h.Pid));
            Assert.Equal(cluster.WorkerPids.Order(), hubs.Select(s => s.Pid).Distinct().Order());

            await clients[0].Connection.InvokeAsync("Send", "client-0", text, cancel.Token);
            var all = Task.WhenAll(clients.Select(c => c.Received));
            await Task.WhenAny(all, Task.Delay(Timeout.Infinite, cancel.Token));
            Assert.True(all.IsCompletedSuccessfully, $"{clients.Count(c => c.Received.IsCompleted)} of {Clients} clients received the broadcast");

            Assert.All(clients, c => Assert.Equal(HubConnectionState.Connected, c.Connection.State));
            Assert.All(clients, c => Assert.Equal(0, c.NotFound));
            Assert.Equal(cookies, clients.Select(c => c.Cookie(CookieName)));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact(Timeout = 150_000)]
    public async Task LongPolling_ClientsBehindOneAddressNegotiatingWithoutThePage_GetACookieForTheNegotiatingWorkerAndNoneFails()
    {
        await using var cluster = await ChatCluster.StartAsync(workers: 2, StartTimeout, "--affinity-cookie", CookieName);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var nat = IPAddress.Parse("127.0.31.10");
        var clients = Enumerable.Range(0, 10).Select(_ => new CookieJarClient(cluster.BaseUri, nat, "unused")).ToList();
        try
        {
            // Negotiate (a POST) comes first and without a cookie: its answer must name a bucket of the
            // worker that holds the negotiated connection, or the next poll would find a 404.
            await Task.WhenAll(clients.Select(c => c.Connection.StartAsync(cancel.Token)));
            var hubs = await Task.WhenAll(clients.Select(c => c.Connection.InvokeAsync<ServedBy>("WhoAmI", cancel.Token)));
            var afterwards = await Task.WhenAll(clients.Select(c => c.WhoAmIAsync(cancel.Token)));

            Assert.All(clients, c => Assert.NotNull(c.Cookie(CookieName)));
            Assert.All(clients, c => Assert.Equal(0, c.NotFound));
            Assert.Equal(hubs.Select(h => h.Pid), afterwards.Select(a => a.Pid));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
