using StickyActors;
using StickyActors.Kestrel;
using StickyActors.SignalR;

// The Chat sample: a SignalR hub served by StickyActors workers. Like Hello, the same executable is
// the master and, re-run by it, every worker. With --reuseport-instance K it is instead one process
// of a plain SO_REUSEPORT cluster, to show what long polling does without stickiness.
if (ReusePortOptions.FromArgs(args) is { } reusePort)
{
    return await ReusePortServer.RunAsync(args, reusePort);
}

// "Chat status [pid]" asks a running master for its status.
if (await StickyActorHost.TryRunStatusCommandAsync(args) is { } statusExit)
{
    return statusExit;
}

var commandLine = SampleCommandLine.Parse(args, "Chat", [("--reuseport-instance", "K", "run as instance K of a plain SO_REUSEPORT cluster (no stickiness)")], out var usageExit);
if (commandLine is null)
{
    return usageExit;
}

await using var host = StickyActorHost.Start(commandLine.Config);

if (host.IsMaster)
{
    // The host answers kill -USR1 with a "sticky-status {json}" line (the tests read the worker pids from it).
    return await host.RunAsync();
}

var builder = ChatApp.CreateBuilder(args);
builder.WebHost.UseStickyActors(host);
// Clients.All reaches the clients of every worker: the backplane goes through the master.
builder.Services.AddChat(new WorkerIdentity(host.WorkerId, Environment.ProcessId, "sticky")).AddStickyActorsBackplane(host);
await using var app = builder.Build();

// With --affinity-cookie: the page load gets the cookie; negotiate and every poll carry it.
app.UseStickyActorsAffinity(host);
app.MapChat();
await app.RunAsync();
return 0;
