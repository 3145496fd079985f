using System.Globalization;
using StickyActors;
using StickyActors.Kestrel;

/// <summary>A Hello worker: the web application, built only in worker processes.</summary>
internal static class HelloWorker
{
    public static async Task<int> RunAsync(StickyActorHost host, SampleCommandLine commandLine, string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseStickyActors(host, listen => HelloFlags.Configure(listen, commandLine));
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
            context.Response.Headers["X-Protocol"] = context.Request.Protocol;
            return body;
        });

        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
