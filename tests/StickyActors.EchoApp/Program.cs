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

// --fail-at-start 1,2 (or all): those workers throw before they serve (a crash loop at start).
if (EchoConfig.Flag(args, "--fail-at-start") is { } failing && (failing == "all" || failing.Split(',').Contains(host.WorkerId.ToString(System.Globalization.CultureInfo.InvariantCulture))))
{
    throw new InvalidOperationException($"echo worker {host.WorkerId} cannot start: the test asked it to fail (--fail-at-start {failing})");
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
if (EchoConfig.Flag(args, "--https-defaults-pfx") is { } pfx)
{
    // The application's defaults come AFTER UseStickyActors: TLS and the echo handler from the
    // endpoint defaults, the certificate from the HTTPS defaults. Both must reach the handed-off sockets.
    builder.WebHost.UseStickyActors(host);
    builder.WebHost.ConfigureKestrel(options =>
    {
        options.ConfigureEndpointDefaults(listen =>
        {
            listen.UseHttps();
            listen.Run(new RawEcho(host.WorkerId).RunAsync);
        });
        options.ConfigureHttpsDefaults(https => https.ServerCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(pfx, password: null));
    });
}
else
{
    // Before UseStickyActors, so that the endpoint it binds gets the echo as its connection handler.
    builder.WebHost.ConfigureKestrel(options => options.ConfigureEndpointDefaults(listen => listen.Run(new RawEcho(host.WorkerId).RunAsync)));
    builder.WebHost.UseStickyActors(host);
}

await builder.Build().RunAsync();
return 0;
