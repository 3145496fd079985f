using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace StickyActors.IntegrationTests;

/// <summary>
/// Plays systemd's side of <c>sd_notify</c>: a datagram socket under an abstract name, handed to the
/// master as <c>NOTIFY_SOCKET=@name</c>; every state it sends is read into a queue a test awaits.
/// </summary>
internal sealed class SystemdNotifyListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly Channel<string> _states = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _name = $"sticky-test-notify-{Guid.NewGuid():N}";

    public SystemdNotifyListener()
    {
        _socket.Bind(new UnixDomainSocketEndPoint("\0" + _name));
        _ = ReadAsync();
    }

    /// <summary>The variable a notify service gets.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NOTIFY_SOCKET"] = "@" + _name };

    /// <summary>The next datagram that contains <paramref name="line"/> (earlier ones are skipped); throws after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(string line, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var state = await _states.Reader.ReadAsync(cancel.Token);
                if (state.Split('\n').Contains(line))
                {
                    return state;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no '{line}' on the notify socket within {timeout}");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                _states.Writer.TryWrite(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            _states.Writer.TryComplete();
        }
    }
}
