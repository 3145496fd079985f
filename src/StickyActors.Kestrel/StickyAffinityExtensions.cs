using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace StickyActors.Kestrel;

/// <summary>The worker's half of <c>affinity.key = bucket-cookie</c>: the middleware that sets the affinity cookie.</summary>
public static class StickyAffinityExtensions
{
    /// <summary>
    /// Adds <c>Set-Cookie</c> (named by <c>affinity.name</c>, lifetime <c>affinity.cookie-lifetime</c>;
    /// <c>HttpOnly</c>, <c>SameSite=Lax</c>, <c>Path=/</c>, <c>Secure</c> over HTTPS) to the response of
    /// a request that had no valid affinity cookie, naming a bucket the master then routes the client
    /// by. A page load (GET or HEAD accepting text/html, no upgrade) is given the next bucket of a rotation over all
    /// buckets, so clients behind one address spread evenly over the workers; if another worker owns
    /// it, the response also says <c>Connection: close</c>, so the next request opens a connection the
    /// master routes by the cookie. Any other request (a SignalR negotiate or poll) is given one of
    /// this worker's own buckets, because its response may have created state here. Does nothing in
    /// the master, under another affinity key, or until the master has told this worker its buckets.
    /// Put it before the endpoints whose clients must keep their worker.
    /// </summary>
    /// <param name="app">The worker's application builder; its services must hold the <see cref="StickyActorHost"/> (<c>AddStickyActors</c>).</param>
    public static IApplicationBuilder UseStickyActorsAffinity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var host = app.ApplicationServices.GetService<StickyActorHost>()
            ?? throw new InvalidOperationException("UseStickyActorsAffinity() takes the host from the services: call services.AddStickyActors(...) or pass the host.");
        return app.UseStickyActorsAffinity(host);
    }

    /// <summary>As <see cref="UseStickyActorsAffinity(IApplicationBuilder)"/>, with the host given.</summary>
    /// <param name="app">The worker's application builder.</param>
    /// <param name="host">The started host (a worker; in the master this does nothing).</param>
    public static IApplicationBuilder UseStickyActorsAffinity(this IApplicationBuilder app, StickyActorHost host)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(host);
        if (!host.IsWorker)
        {
            return app;
        }

        var cookies = new AffinityCookieMiddleware(host.Worker.AffinityCookies);
        return app.Use(next => context => cookies.InvokeAsync(context, next));
    }
}
