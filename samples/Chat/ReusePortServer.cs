using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

/// <summary>
/// The same chat app as one of N Kestrel processes sharing a port through SO_REUSEPORT: what you
/// get without StickyActors. The kernel picks a process per TCP connection, so the requests of one
/// long-polling client (negotiate, polls, sends) land on processes that do not know its connection
/// id and answer 404. The instances share no backplane: a message reaches the clients of the
/// instance that received it (what this mode shows is the failure to connect, not the fan-out).
/// </summary>
internal static class ReusePortServer
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    public static async Task<int> RunAsync(string[] args, ReusePortOptions options)
    {
        var builder = ChatApp.CreateBuilder(args);
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = BindReusePort);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(options.Address, options.Port));
        builder.Services.AddChat(new WorkerIdentity(options.Instance, Environment.ProcessId, "reuseport"));
        await using var app = builder.Build();
        app.MapChat();
        await app.StartAsync();

        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(bound).Port;
        Console.WriteLine($"reuseport instance {options.Instance} pid {Environment.ProcessId} accepting on {options.Address}:{port}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static Socket BindReusePort(EndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
