using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Connections;
using StickyActors;
using StickyActors.Configuration;
using StickyActors.EchoApp;
using StickyActors.Kestrel;

// The same executable is the master and, re-run by it, every worker (as in the Hello sample, whose
// command line and status line it shares so the same test harness drives it).
StickyActorHost host;
try
{
    host = StickyActorHost.Start(EchoConfig.FromArgs(args));
}
catch (Exception e) when (e is StickyActorsConfigurationException or IOException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

await using var _ = host;

if (host.IsMaster)
{
    var statusJson = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };
    using var status = PosixSignalRegistration.Create((PosixSignal)10, context =>
    {
        context.Cancel = true;
        Console.WriteLine("sticky-status " + JsonSerializer.Serialize(host.GetStatusAsync().GetAwaiter().GetResult(), statusJson));
    });
    Console.WriteLine($"Echo master {Environment.ProcessId} ready on {host.ListenEndPoint}");
    return await host.RunAsync();
}

var builder = WebApplication.CreateSlimBuilder(args);
// Before UseStickyActors, so that the endpoint it binds gets the echo as its connection handler.
builder.WebHost.ConfigureKestrel(options => options.ConfigureEndpointDefaults(listen => listen.Run(new RawEcho(host.WorkerId).RunAsync)));
builder.WebHost.UseStickyActors(host);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
await builder.Build().RunAsync();
return 0;
