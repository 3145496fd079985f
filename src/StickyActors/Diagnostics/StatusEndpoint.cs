using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace StickyActors.Diagnostics;

/// <summary>
/// Answers <c>app status</c>: a Unix socket in the abstract namespace, named after the master's pid,
/// that reads one request line (empty: the status; <c>client ADDRESS</c>: where that client goes),
/// writes one JSON line and closes. Only processes of the master's own
/// user are answered (the kernel's SO_PEERCRED, not a file mode); the client checks the same of the
/// master, so a process of another user that takes the name first cannot answer in its place.
/// </summary>
internal sealed class StatusEndpoint : IDisposable
{
    private const string NamePrefix = "sticky-actors-status-";

    private readonly Socket _socket;
    private const int MaxRequest = 256;
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(2);

    private readonly Func<string, Task<string>> _status;
    private readonly ILogger _logger;

    private StatusEndpoint(Socket socket, Func<string, Task<string>> status, ILogger logger)
    {
        _socket = socket;
        _status = status;
        _logger = logger;
        _ = AcceptLoopAsync();
    }

    /// <summary>The abstract socket name of the master with <paramref name="pid"/> (the leading NUL marks the abstract namespace).</summary>
    public static string Name(int pid) => "\0" + NamePrefix + pid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Pids of the masters of any user whose status socket exists now (from <c>/proc/net/unix</c>).</summary>
    public static IReadOnlyList<int> ListMasters()
    {
        var marker = "@" + NamePrefix;
        return File.ReadLines("/proc/net/unix")
            .Select(line => line.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0 ? line[(at + marker.Length)..].Trim() : null)
            .Select(pid => int.TryParse(pid, out var value) ? value : 0)
            .Where(pid => pid > 0)
            .Distinct()
            .ToArray();
    }

    /// <summary>Opens the endpoint, or returns null (and says why) when the name is taken.</summary>
    /// <param name="status">Answers a request line ("" for the status) with one line of JSON.</param>
    /// <param name="logger">Where refusals and failures are logged.</param>
    public static StatusEndpoint? TryOpen(Func<string, Task<string>> status, ILogger logger)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(Name(Environment.ProcessId)));
            socket.Listen(16);
            return new StatusEndpoint(socket, status, logger);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            DiagnosticsLog.StatusEndpointUnavailable(logger, e.SocketErrorCode.ToString());
            return null;
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(Socket client)
    {
        using (client)
        {
            if (!PeerCredentials.IsSameUser(client))
            {
                DiagnosticsLog.StatusRefused(_logger, PeerCredentials.Of(client)?.Uid ?? uint.MaxValue);
                return;
            }

            try
            {
                var request = await ReadRequestAsync(client).ConfigureAwait(false);
                var line = Encoding.UTF8.GetBytes(await _status(request).ConfigureAwait(false) + "\n");
                await client.SendAsync(line).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or TimeoutException or Akka.Actor.AskTimeoutException or TaskCanceledException or FormatException)
            {
                DiagnosticsLog.StatusFailed(_logger, e.Message);
            }
        }
    }

    /// <summary>The request: what the client sent before shutting down its side, up to a newline.</summary>
    private static async Task<string> ReadRequestAsync(Socket client)
    {
        var buffer = new byte[MaxRequest];
        var length = 0;
        using var timeout = new CancellationTokenSource(s_requestTimeout);
        while (length < buffer.Length)
        {
            var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            if (read == 0 || Array.IndexOf(buffer, (byte)'\n', length, read) >= 0)
            {
                length += read;
                break;
            }

            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length).Split('\n')[0].Trim();
    }
}
