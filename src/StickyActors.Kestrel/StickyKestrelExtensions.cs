using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace StickyActors.Kestrel;

/// <summary>Serves a StickyActors worker's connections through Kestrel.</summary>
public static class StickyKestrelExtensions
{
    /// <summary>
    /// Makes Kestrel serve the sockets the master hands this worker (and nothing else): registers
    /// the transport, binds <see cref="StickyEndPoint"/>, stops the application when the master
    /// drains the worker, and gives Kestrel the configured shutdown timeout to finish requests.
    /// <c>HttpContext.Connection.RemoteIpAddress</c> is the real client. In the master, the web
    /// server is replaced by one that serves nothing.
    /// </summary>
    /// <param name="builder">The web host builder of the worker.</param>
    /// <param name="host">The started host.</param>
    public static IWebHostBuilder UseStickyActors(this IWebHostBuilder builder, StickyActorHost host) =>
        builder.UseStickyActors(host, configure: null);

    /// <summary>
    /// As <see cref="UseStickyActors(IWebHostBuilder, StickyActorHost)"/>, and configures the
    /// worker's listen options (for example <c>listen =&gt; listen.UseHttps(certificate)</c>, or
    /// <c>Protocols = HttpProtocols.Http2</c> for h2c). Kestrel's <c>ConfigureEndpointDefaults</c>
    /// applies first, whatever the order of the calls.
    /// </summary>
    /// <param name="builder">The web host builder of the worker.</param>
    /// <param name="host">The started host.</param>
    /// <param name="configure">Configures the listen options of the handed-off sockets; null leaves Kestrel's defaults.</param>
    public static IWebHostBuilder UseStickyActors(this IWebHostBuilder builder, StickyActorHost host, Action<ListenOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(host);
        return StickyKestrelFunnel.Apply(builder, host, configure);
    }
}
