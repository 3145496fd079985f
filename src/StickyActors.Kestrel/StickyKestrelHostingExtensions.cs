using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

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
    public static IWebHostBuilder UseStickyActors(this IWebHostBuilder builder) =>
        builder.UseStickyActors(configure: null);

    /// <summary>
    /// As <see cref="UseStickyActors(IWebHostBuilder)"/>, and configures the worker's listen options
    /// (for example <c>listen =&gt; listen.UseHttps(certificate)</c>, or <c>Protocols = HttpProtocols.Http2</c>
    /// for h2c). Kestrel's <c>ConfigureEndpointDefaults</c> applies first, whatever the order of the calls.
    /// </summary>
    /// <param name="builder">The web host builder (<c>WebApplicationBuilder.WebHost</c>).</param>
    /// <param name="configure">Configures the listen options of the handed-off sockets; null leaves Kestrel's defaults.</param>
    public static IWebHostBuilder UseStickyActors(this IWebHostBuilder builder, Action<ListenOptions>? configure) =>
        StickyKestrelFunnel.Apply(builder, explicitHost: null, configure);
}
