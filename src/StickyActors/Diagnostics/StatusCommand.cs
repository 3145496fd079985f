using System.Net.Sockets;
using System.Text;

namespace StickyActors.Diagnostics;

/// <summary>The operator's <c>app status</c>: asks a running master of this user for its status line.</summary>
internal static class StatusCommand
{
    /// <summary>The status socket request asking where a client goes (followed by its address).</summary>
    public const string ClientRequest = "client ";

    /// <summary>
    /// Asks the running master with process id <paramref name="masterPid"/> for its status (the JSON
    /// of <c>StickyActorHost.GetStatusJsonAsync</c>), over its private status socket. Only a process of the
    /// master's own user is answered, and the answer is accepted only from that master's process.
    /// </summary>
    /// <param name="masterPid">The master's process id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <param name="request">The request line: empty for the status, <c>client ADDRESS</c> for where that client goes.</param>
    public static async Task<string> QueryJsonAsync(int masterPid, CancellationToken cancellationToken = default, string request = "")
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(StatusEndpoint.Name(masterPid)), cancellationToken).ConfigureAwait(false);
        if (PeerCredentials.Of(socket) is not { } peer || peer.Pid != masterPid || peer.Uid != Interop.Libc.GetUid())
        {
            throw new InvalidOperationException($"The status socket of pid {masterPid} is not held by that process running as this user.");
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes(request + "\n"), cancellationToken).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length).TrimEnd('\n');
    }

    /// <summary>
    /// The <c>status</c> command of an application: when <paramref name="args"/> start with
    /// <c>status</c> (optionally followed by the master's pid, needed when several masters of this
    /// user run, and by <c>--client ADDRESS</c> to ask where that client's connections go), prints the
    /// running master's answer as one line of JSON and returns the exit code
    /// (0, or 1 when no master answers); otherwise returns null and the application starts as usual.
    /// </summary>
    /// <param name="args">The application's command line.</param>
    /// <param name="output">Where the status goes; null writes to standard output (errors to standard error).</param>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] != "status")
        {
            return null;
        }

        var error = output ?? Console.Error;
        output ??= Console.Out;
        var clientAt = Array.IndexOf(args, "--client");
        var request = string.Empty;
        if (clientAt > 0)
        {
            if (clientAt + 1 >= args.Length || !System.Net.IPAddress.TryParse(args[clientAt + 1], out var client))
            {
                await error.WriteLineAsync("status --client needs an IP address, e.g. 'status --client 203.0.113.7'.").ConfigureAwait(false);
                return 1;
            }

            request = ClientRequest + client;
        }

        int[] pids = args.Length > 1 && int.TryParse(args[1], out var pid) ? [pid] : [.. StatusEndpoint.ListMasters()];
        if (pids.Length != 1)
        {
            await error.WriteLineAsync(pids.Length == 0
                ? "No StickyActors master is running (no status socket found)."
                : $"Several StickyActors masters are running ({string.Join(", ", pids)}): name one, e.g. 'status {pids[0]}'.").ConfigureAwait(false);
            return 1;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await output.WriteLineAsync(await QueryJsonAsync(pids[0], timeout.Token, request).ConfigureAwait(false)).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException or OperationCanceledException or IOException)
        {
            await error.WriteLineAsync($"StickyActors master {pids[0]} did not answer: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
