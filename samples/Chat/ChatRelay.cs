using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

/// <summary>
/// Fans chat messages out across workers. Each worker is its own process with its own SignalR
/// connections, so <c>Clients.All</c> reaches only this worker's clients; every message a hub
/// receives is also sent here to the other workers, which deliver it to theirs.
/// </summary>
/// <remarks>
/// Why Unix datagram sockets in Linux's abstract namespace (<see cref="RelayMesh"/>): no external
/// service (no Redis backplane), nothing that leaves the machine and no TCP port to choose or
/// collide on, message boundaries without framing, no connections to manage (a worker that is
/// restarting simply misses what was sent meanwhile, as its clients are reconnecting anyway), and
/// no file to clean up: the name vanishes with the process. Across machines use a SignalR
/// backplane instead. Relayed messages are never relayed again, so there are no loops.
/// </remarks>
internal sealed class ChatRelay(RelayMesh mesh, IHubContext<ChatHub> hub, ILogger<ChatRelay> logger) : BackgroundService
{
    private const int MaxDatagram = 64 * 1024;

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    /// <summary>Sends <paramref name="message"/> to every other worker; a worker that is down misses it.</summary>
    public async Task PublishAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var datagram = JsonSerializer.SerializeToUtf8Bytes(message);
        foreach (var peer in mesh.Peers)
        {
            try
            {
                await _socket.SendToAsync(datagram, SocketFlags.None, mesh.EndPointOf(peer), cancellationToken);
            }
            catch (SocketException e)
            {
                ChatLog.PeerUnreachable(logger, peer, e.SocketErrorCode);
            }
        }
    }

    /// <summary>Binds this worker's address before the server starts, so no message can come too early.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _socket.Bind(mesh.EndPointOf(mesh.Self));
        ChatLog.RelayListening(logger, mesh.Group, mesh.Self, mesh.Count);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _socket.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var buffer = new byte[MaxDatagram];
        while (!stoppingToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (Parse(buffer.AsSpan(0, length)) is { } message)
            {
                await hub.Clients.All.SendAsync(ChatMessage.Method, message, stoppingToken);
            }
        }
    }

    private ChatMessage? Parse(ReadOnlySpan<byte> datagram)
    {
        try
        {
            return JsonSerializer.Deserialize<ChatMessage>(datagram);
        }
        catch (JsonException e)
        {
            ChatLog.BadDatagram(logger, e.Message);
            return null;
        }
    }
}
