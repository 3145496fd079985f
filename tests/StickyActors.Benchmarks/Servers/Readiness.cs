using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Servers;

/// <summary>
/// Polls GET / from changing source addresses until every worker has answered (distinct
/// <c>X-Worker-Pid</c> values), bounded in time. Fails early, with its output, if a process exits.
/// </summary>
internal static class Readiness
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    public static async Task WaitAsync(ServerUnderTest server, TimeSpan timeout)
    {
        var pids = new HashSet<int>();
        var clock = Stopwatch.StartNew();
        var request = Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nConnection: close\r\n\r\n");
        for (var attempt = 0; pids.Count < server.Workers; attempt++)
        {
            if (server.Processes.FirstOrDefault(p => p.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"{server.Name} pid {exited.Pid} exited while starting:{Environment.NewLine}{exited.RecentOutput()}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{server.Name}: {pids.Count} of {server.Workers} workers answered within {timeout.TotalSeconds:0} s.");
            }

            var pid = await TryGetPidAsync(server.Port, SourceAddresses.AddressAt(attempt), request).ConfigureAwait(false);
            if (pid > 0)
            {
                pids.Add(pid);
            }
            else
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        server.WorkerPids = pids;
    }

    /// <summary>
    /// One GET / from <paramref name="source"/> to <paramref name="address"/> (127.0.0.1 unless given)
    /// and <paramref name="port"/>; the answering worker's pid, or 0 on any failure.
    /// </summary>
    internal static async Task<int> TryGetPidAsync(int port, uint source, byte[] request, TimeSpan? timeout = null, uint address = SockAddr.Loopback)
    {
        using var cancel = new CancellationTokenSource(timeout ?? AttemptTimeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse(SockAddr.Format(source)), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(SockAddr.Format(address)), port), cancel.Token).ConfigureAwait(false);
            await socket.SendAsync(request, SocketFlags.None, cancel.Token).ConfigureAwait(false);
            var buffer = new byte[4096];
            var received = 0;
            while (received < buffer.Length)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancel.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                received += read;
                if (ResponseParser.CompleteLength(buffer.AsSpan(0, received), out _) > 0)
                {
                    break;
                }
            }

            return ParsePid(Encoding.ASCII.GetString(buffer, 0, received));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return 0;
        }
    }

    private static int ParsePid(string response)
    {
        const string Header = "\r\nX-Worker-Pid: ";
        var at = response.IndexOf(Header, StringComparison.OrdinalIgnoreCase);
        if (at < 0 || !response.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            return 0;
        }

        var end = response.IndexOf('\r', at + Header.Length);
        return int.TryParse(response.AsSpan(at + Header.Length, end - at - Header.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
    }
}
