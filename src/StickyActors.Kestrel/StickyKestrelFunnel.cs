using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StickyActors.Hosting;

namespace StickyActors.Kestrel;

/// <summary>
/// The one implementation behind every <c>UseStickyActors</c>: in the master, a web server that
/// serves nothing; in a worker, Kestrel on the handed-off sockets, stopped when the master drains
/// the worker, with the configured shutdown timeout for in-flight requests.
/// </summary>
internal static class StickyKestrelFunnel
{
    /// <param name="builder">The web host builder.</param>
    /// <param name="explicitHost">The started host, or null to take it from the services (<c>AddStickyActors</c>).</param>
    /// <param name="configure">Applied to the worker's listen options after Kestrel's endpoint defaults.</param>
    public static IWebHostBuilder Apply(IWebHostBuilder builder, StickyActorHost? explicitHost, Action<ListenOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var isMaster = explicitHost?.IsMaster ?? StickyActorHost.CurrentRole == StickyActorRole.Master;
        if (isMaster)
        {
            return builder.ConfigureServices(services => services.AddSingleton<IServer, MasterNoServer>());
        }

        StickyActorHost Host(IServiceProvider provider) => explicitHost
            ?? provider.GetService<StickyActorHost>()
            ?? throw new InvalidOperationException("UseStickyActors() takes the host from the services: call services.AddStickyActors(...) too, or pass the started host.");

        builder.UseKestrel();
        return builder.ConfigureServices(services =>
        {
            // The worker's console is read by its master, which logs each event again, once, naming
            // the worker; the master already says the application started.
            services.AddLogging(logging => logging.AddStickyActorsConsole());
            services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
            services.AddSingleton<IConnectionListenerFactory>(provider =>
                new StickyConnectionListenerFactory(Host(provider).Worker, provider.GetRequiredService<ILoggerFactory>()));
            services.AddHostedService(provider => new StopOnDrain(Host(provider).Worker, provider.GetRequiredService<IHostApplicationLifetime>()));
            services.AddSingleton<IPostConfigureOptions<KestrelServerOptions>>(provider => new StickyListen(() => Host(provider), configure));
            if (explicitHost is not null)
            {
                // With AddStickyActors, the core sets the same timeout for a worker's application.
                services.Configure<HostOptions>(options => options.ShutdownTimeout = explicitHost.Settings.Workers.ShutdownTimeout);
            }
        });
    }

    /// <summary>
    /// Adds the worker's endpoint after every <c>Configure</c> of Kestrel's options has run, so
    /// <c>ConfigureEndpointDefaults</c> (HTTPS, protocols) applies whether it came before or after.
    /// </summary>
    private sealed class StickyListen(Func<StickyActorHost> host, Action<ListenOptions>? configure) : IPostConfigureOptions<KestrelServerOptions>
    {
        public void PostConfigure(string? name, KestrelServerOptions options)
        {
            var sticky = host();
            options.Listen(new StickyEndPoint(sticky.WorkerId, sticky.Worker.ListenEndPoint), configure ?? (_ => { }));
        }
    }
}
