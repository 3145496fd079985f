using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// A browser-like .NET client behind a shared address: one cookie jar for the page load and for the
/// official SignalR client (long polling only), every connection from <see cref="Source"/>. Counts
/// every response the hub connection received by status, so a request that reached a worker without
/// its connection (404) shows.
/// </summary>
internal sealed class CookieJarClient : IAsyncDisposable
{
    private readonly CookieContainer _jar = new();
    private readonly Uri _baseUri;
    private readonly TaskCompletionSource<ReceivedMessage> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _notFound;
    private int _responses;

    public CookieJarClient(Uri baseUri, IPAddress source, string awaitedText)
    {
        _baseUri = baseUri;
        Source = source;
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "chat"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.Cookies = _jar;
                options.HttpMessageHandlerFactory = _ => new Counting(this, Handler());
            })
            .Build();
        Connection.On<ReceivedMessage>("message", message =>
        {
            if (message.Text == awaitedText)
            {
                _received.TrySetResult(message);
            }
        });
    }

    public IPAddress Source { get; }

    public HubConnection Connection { get; }

    public Task<ReceivedMessage> Received => _received.Task;

    public int NotFound => Volatile.Read(ref _notFound);

    public int Responses => Volatile.Read(ref _responses);

    /// <summary>The affinity cookie's value now (null before the page load set it).</summary>
    public string? Cookie(string name) => _jar.GetCookies(_baseUri)[name]?.Value;

    /// <summary>Loads the page (which sets the affinity cookie), then asks <c>/whoami</c> with it.</summary>
    public async Task<ServedBy> LoadPageAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(Handler()) { BaseAddress = _baseUri, Timeout = TimeSpan.FromSeconds(20) };
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        (await http.SendAsync(page, cancellationToken)).EnsureSuccessStatusCode();
        return (await http.GetFromJsonAsync<ServedBy>("/whoami", cancellationToken))!;
    }

    /// <summary>Asks <c>/whoami</c> with the cookie jar as it is (a JSON request, not a page load).</summary>
    public async Task<ServedBy> WhoAmIAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(Handler()) { BaseAddress = _baseUri, Timeout = TimeSpan.FromSeconds(20) };
        return (await http.GetFromJsonAsync<ServedBy>("/whoami", cancellationToken))!;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private SocketsHttpHandler Handler()
    {
        var handler = SourceBoundHandler.Create(Source);
        handler.CookieContainer = _jar;
        handler.UseCookies = true;
        return handler;
    }

    private sealed class Counting(CookieJarClient owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Interlocked.Increment(ref owner._responses);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Interlocked.Increment(ref owner._notFound);
            }

            return response;
        }
    }
}
