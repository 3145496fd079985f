using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using StickyActors;
using StickyActors.Configuration;
using StickyActors.Kestrel;

// The seed program: the same executable is the master and, re-run by it, every worker.
StickyActorHost host;
try
{
    host = StickyActorHost.Start(HelloConfig.FromArgs(args));
}
catch (Exception e) when (e is StickyActorsConfigurationException or IOException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

await using var _ = host;
var statusJson = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };

if (host.IsMaster)
{
    // kill -USR1 <master pid> prints one status line (used by the benchmark and by operators).
    using var status = PosixSignalRegistration.Create((PosixSignal)10, context =>
    {
        context.Cancel = true;
        Console.WriteLine("sticky-status " + JsonSerializer.Serialize(host.GetStatusAsync().GetAwaiter().GetResult(), statusJson));
    });
    Console.WriteLine($"Hello master {Environment.ProcessId} ready on {host.ListenEndPoint}: kill -USR1 {Environment.ProcessId} prints the status");
    return await host.RunAsync();
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseStickyActors(host);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
var app = builder.Build();

// Sets the affinity cookie when the configuration says affinity.key = bucket-cookie (else does nothing).
app.UseStickyActorsAffinity(host);

var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
var body = $"worker: {host.WorkerId}";
app.MapGet("/", (HttpContext context) =>
{
    context.Response.Headers["X-Worker-Pid"] = pid;
    context.Response.Headers["X-Client-Address"] = context.Connection.RemoteIpAddress?.ToString();
    return body;
});

await app.RunAsync();
return 0;
