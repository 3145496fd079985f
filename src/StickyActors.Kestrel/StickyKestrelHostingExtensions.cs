using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StickyActors.Workers;

namespace StickyActors.Kestrel;

/// <summary>Serves StickyActors through Kestrel in an application that called <c>AddStickyActors</c>.</summary>
public static class StickyKestrelHostingExtensions
{
    /// <summary>
    /// For one <c>Program.cs</c> that is both master and workers. In a worker, Kestrel serves the
    /// sockets the master hands over (and nothing else), taking the <see cref="StickyActorHost"/> from
    /// the services that <c>AddStickyActors</c> added. In the master, the web server is replaced by one
    /// that serves nothing: the master only accepts and hands off, and the endpoints run in the workers.
    /// </summary>
    /// <param name="builder">The web host builder (<c>WebApplicationBuilder.WebHost</c>).</param>
    public static IWebHostBuilder UseStickyActors(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (StickyActorHost.CurrentRole == StickyActorRole.Master)
        {
            return builder.ConfigureServices(services => services.AddSingleton<IServer, MasterNoServer>());
        }

        var workerId = int.TryParse(Environment.GetEnvironmentVariable(WorkerEnvironment.WorkerIdVariable), out var id) ? id : 0;
        builder.ConfigureServices(services => services.AddSingleton<IConnectionListenerFactory>(provider =>
        {
            var host = provider.GetService<StickyActorHost>()
                ?? throw new InvalidOperationException("UseStickyActors() takes the host from the services: call services.AddStickyActors(...) too.");
            return new StickyConnectionListenerFactory(host.Worker, provider.GetRequiredService<ILoggerFactory>());
        }));
        return builder.UseKestrel(options => options.Listen(new StickyEndPoint(workerId)));
    }
}
