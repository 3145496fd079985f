using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StickyActors.Kestrel;

/// <summary>Serves a StickyActors worker's connections through Kestrel.</summary>
public static class StickyKestrelExtensions
{
    /// <summary>
    /// Makes Kestrel serve the sockets the master hands this worker (and nothing else): registers
    /// the transport, binds <see cref="StickyEndPoint"/>, stops the application when the master
    /// drains the worker, and gives Kestrel the configured shutdown timeout to finish requests.
    /// <c>HttpContext.Connection.RemoteIpAddress</c> is the real client.
    /// </summary>
    /// <param name="builder">The web host builder of the worker.</param>
    /// <param name="host">The started host; must be a worker.</param>
    public static IWebHostBuilder UseStickyActors(this IWebHostBuilder builder, StickyActorHost host)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(host);
        var worker = host.Worker;
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IConnectionListenerFactory>(provider =>
                new StickyConnectionListenerFactory(worker, provider.GetRequiredService<ILoggerFactory>()));
            services.AddHostedService(provider => new StopOnDrain(worker, provider.GetRequiredService<IHostApplicationLifetime>()));
            services.Configure<HostOptions>(options => options.ShutdownTimeout = host.Settings.Workers.ShutdownTimeout);
        });
        builder.UseKestrel(options => options.Listen(new StickyEndPoint(host.WorkerId)));
        return builder;
    }
}
