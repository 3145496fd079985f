using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StickyActors.Benchmarks.Serve;

/// <summary>
/// <c>serve --port P --id K</c>: the benchmark's plain Kestrel server, the same app as the Hello
/// sample's workers (GET / → <c>worker: K</c> with <c>X-Worker-Pid</c>). The listening socket gets
/// SO_REUSEPORT before bind, so N of these share one port and the kernel balances between them
/// (comparison B); one alone is comparison C.
/// </summary>
internal static class ServeCommand
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    public static async Task<int> RunAsync(CliArguments options)
    {
        var port = options.Int("port", 0);
        var id = options.Int("id", 0);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = BindReusePort);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();

        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var body = $"worker: {id}";
        app.MapGet("/", (HttpContext context) =>
        {
            context.Response.Headers["X-Worker-Pid"] = pid;
            context.Response.Headers["X-Client-Address"] = context.Connection.RemoteIpAddress?.ToString();
            context.Response.Headers["X-Protocol"] = context.Request.Protocol;
            return body;
        });

        var pgo = AppContext.TryGetSwitch("System.Runtime.TieredPGO", out var tieredPgo) ? tieredPgo.ToString() : "default";
        Console.WriteLine($"serve: id {id} pid {pid} port {port} server-gc {GCSettings.IsServerGC} tiered-pgo {pgo}");
        await app.RunAsync().ConfigureAwait(false);
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
