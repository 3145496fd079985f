using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StickyActors.Benchmarks.Faults;
using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Handover;

/// <summary>
/// One keep-alive connection from its own source address: one GET answered (so a worker holds it),
/// then held silent while the harness watches how and when the server ends it.
/// </summary>
internal sealed class HeldConnection : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private Task<HeldEnd>? _end;

    private HeldConnection()
    {
    }

    /// <summary>The pid of the worker that answered the first request.</summary>
    public int WorkerPid { get; private set; }

    /// <summary>How it ended, once it has (Stopwatch timestamp and kind); null while it is open.</summary>
    public HeldEnd? End => _end is { IsCompletedSuccessfully: true } done ? done.Result : null;

    /// <summary>Opens the connection from <paramref name="source"/>, sends one keep-alive GET and reads the answer.</summary>
    public static async Task<HeldConnection> OpenAsync(uint source, int port, TimeSpan timeout)
    {
        var connection = new HeldConnection();
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            connection._socket.Bind(new IPEndPoint(IPAddress.Parse(SockAddr.Format(source)), 0));
            await connection._socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel.Token).ConfigureAwait(false);
            await connection._socket.SendAsync(HttpRequestBytes.KeepAlive(port), SocketFlags.None, cancel.Token).ConfigureAwait(false);
            var buffer = new byte[4096];
            var received = 0;
            while (ResponseParser.CompleteLength(buffer.AsSpan(0, received), out _) is var length && length == 0)
            {
                var read = await connection._socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancel.Token).ConfigureAwait(false);
                if (read == 0 || received + read == buffer.Length)
                {
                    throw new InvalidOperationException("a held connection's first answer was cut short");
                }

                received += read;
            }

            AnswerParser.Parse(buffer.AsSpan(0, received), out _, out var pid);
            connection.WorkerPid = pid;
            connection._end = connection.WatchAsync();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task<HeldEnd> WatchAsync()
    {
        var buffer = new byte[256];
        try
        {
            var read = await _socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
            return new HeldEnd(Stopwatch.GetTimestamp(), read == 0 ? HeldEndKind.Closed : HeldEndKind.Unexpected);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return new HeldEnd(Stopwatch.GetTimestamp(), HeldEndKind.Reset);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return new HeldEnd(Stopwatch.GetTimestamp(), HeldEndKind.Unexpected);
        }
    }
}
