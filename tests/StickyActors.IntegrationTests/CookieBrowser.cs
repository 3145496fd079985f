using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// A simulated browser: its own cookie jar, every connection from one chosen loopback source address.
/// Requests Hello's <c>GET /</c> until the affinity cookie is set (retrying while the workers start),
/// then keeps requesting and records which worker answered each request after that.
/// </summary>
internal sealed partial class CookieBrowser(IPAddress source, int port, string cookieName) : IDisposable
{
    private readonly CookieContainer _jar = new();
    private readonly Uri _uri = new($"http://127.0.0.1:{port}/");
    private HttpClient? _client;

    /// <summary>The workers that answered each request after the one that set the cookie.</summary>
    public List<int> WorkersAfterCookie { get; } = [];

    /// <summary>Every cookie value the browser held after a response (it must never change).</summary>
    public HashSet<string> CookieValues { get; } = [];

    public string? Cookie => _jar.GetCookies(_uri)[cookieName]?.Value;

    public async Task RunAsync(int requestsAfterCookie, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        _client = new HttpClient(Handler(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(20) };
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        while (WorkersAfterCookie.Count < requestsAfterCookie)
        {
            deadline.Token.ThrowIfCancellationRequested();
            var hadCookie = Cookie is not null;
            int worker;
            try
            {
                worker = WorkerOf(await _client.GetStringAsync(_uri, deadline.Token));
            }
            catch (HttpRequestException)
            {
                // The workers are still starting (a held connection timed out): try again.
                await Task.Delay(50, deadline.Token);
                continue;
            }

            if (Cookie is { } value)
            {
                CookieValues.Add(value);
            }

            if (hadCookie)
            {
                WorkersAfterCookie.Add(worker);
            }
        }
    }

    public void Dispose() => _client?.Dispose();

    private static int WorkerOf(string body)
    {
        var match = WorkerBody().Match(body);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    private SocketsHttpHandler Handler() => new()
    {
        CookieContainer = _jar,
        UseCookies = true,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    [GeneratedRegex(@"worker: (\d+)")]
    private static partial Regex WorkerBody();
}
