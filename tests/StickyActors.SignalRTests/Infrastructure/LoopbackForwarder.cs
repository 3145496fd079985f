using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// Gives a browser its own client address. Chromium cannot pick its source address, so the page is
/// loaded from this forwarder (listening on 127.0.0.1, port 0), which opens each upstream
/// connection to the master from <see cref="Source"/> (say 127.0.0.2): the master sees that
/// address and hashes it. Bytes are copied both ways untouched; nothing listens beyond loopback.
/// </summary>
internal sealed class LoopbackForwarder : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, bool> _open = new();
    private readonly Task _accepting;

    private LoopbackForwarder(IPAddress source, IPEndPoint target)
    {
        Source = source;
        _target = target;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    /// <summary>The address the master sees.</summary>
    public IPAddress Source { get; }

    /// <summary>Where the browser connects.</summary>
    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");

    public static LoopbackForwarder Start(IPAddress source, IPEndPoint target) => new(source, target);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        foreach (var socket in _open.Keys)
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var accepted = client;
        accepted.NoDelay = true;
        _open[accepted] = true;
        _open[upstream] = true;
        try
        {
            upstream.Bind(new IPEndPoint(Source, 0));
            await upstream.ConnectAsync(_target, _stop.Token);
            await Task.WhenAll(CopyAsync(accepted, upstream), CopyAsync(upstream, accepted));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The browser, the master or the test closed the connection: nothing to forward any more.
        }
        finally
        {
            _open.TryRemove(accepted, out _);
            _open.TryRemove(upstream, out _);
        }
    }

    /// <summary>Copies until <paramref name="from"/> ends its stream, then ends the stream of <paramref name="to"/>.</summary>
    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A reset on one side: close both, as a direct connection would be.
            from.Dispose();
            to.Dispose();
        }
    }
}
