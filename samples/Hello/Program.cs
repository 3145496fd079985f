using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using StickyActors;
using StickyActors.Configuration;

// The seed program: the same executable is the master and, re-run by it, every worker.
// "Hello status [pid]" asks a running master for its status.
if (await StickyActorHost.TryRunStatusCommandAsync(args) is { } statusExit)
{
    return statusExit;
}

StickyActorHost host;
SampleCommandLine? commandLine;
try
{
    commandLine = SampleCommandLine.Parse(args, "Hello", HelloFlags.All, out var usageExit);
    if (commandLine is null)
    {
        return usageExit;
    }

    host = StickyActorHost.Start(commandLine.Config);
}
catch (Exception e) when (e is StickyActorsConfigurationException or IOException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

await using var _ = host;

if (host.IsMaster)
{
    // The host answers kill -USR1 with a "sticky-status {json}" line, and "Hello status" over its status socket.
    Console.WriteLine($"Hello master {Environment.ProcessId} ready on {host.ListenEndPoint}: 'kill -USR1 {Environment.ProcessId}' or 'Hello status' prints the status");
    return await host.RunAsync();
}

// The worker's web application lives in its own method, so the master never compiles it nor loads
// ASP.NET Core (a few MB of memory and JIT work at its start).
return await HelloWorker.RunAsync(host, commandLine, args);

/// <summary>Hello's own flags: HTTPS from a PFX file, and the HTTP protocols.</summary>
internal static class HelloFlags
{
    public static readonly (string Flag, string Value, string Help)[] All =
    [
        ("--https-pfx", "FILE", "serve HTTPS with the certificate in this PKCS#12 file (no password)"),
        ("--protocols", "P", "Http1, Http2 (h2c without --https-pfx) or Http1AndHttp2; defaults to Kestrel's"),
    ];

    public static void Configure(ListenOptions listen, SampleCommandLine commandLine)
    {
        if (commandLine["--protocols"] is { } protocols)
        {
            listen.Protocols = Enum.Parse<HttpProtocols>(protocols, ignoreCase: true);
        }

        if (commandLine["--https-pfx"] is { } pfx)
        {
            listen.UseHttps(X509CertificateLoader.LoadPkcs12FromFile(pfx, password: null));
        }
    }
}
