using StickyActors;
using StickyActors.Hosting;
using StickyActors.Kestrel;

// One program, both roles: run it and it is the master, which owns the port and re-runs this
// program as each worker. Settings come from the "StickyActors" configuration section:
// appsettings.json, StickyActors__Port=8080, or --StickyActors:WorkerCount=4 on the command line.
// "HelloHosting status [pid]" asks a running master for its status, and exits.
if (await StickyActorHost.TryRunStatusCommandAsync(args) is { } status)
{
    Environment.ExitCode = status;
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddStickyActors(builder.Configuration);
builder.WebHost.UseStickyActors();
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var app = builder.Build();

// Endpoints run in the workers; the master serves nothing itself.
app.MapGet("/", (StickyActorHost sticky) => $"worker: {sticky.WorkerId}");

await app.RunAsync();
