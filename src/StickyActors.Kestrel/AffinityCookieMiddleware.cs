using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using StickyActors.Worker;

namespace StickyActors.Kestrel;

/// <summary>Sets the affinity cookie on responses to requests without a valid one (see <see cref="StickyAffinityExtensions"/>).</summary>
internal sealed class AffinityCookieMiddleware(AffinityCookieIssuer issuer)
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (issuer.IsReady && !issuer.IsValid(context.Request.Cookies[issuer.CookieName]))
        {
            Issue(context);
        }

        return next(context);
    }

    private void Issue(HttpContext context)
    {
        var request = context.Request;
        var pageLoad = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.Headers.ContainsKey(HeaderNames.Upgrade)
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (pageLoad ? !issuer.NextAny(out var value, out var bucket) : !issuer.NextOwn(out value, out bucket))
        {
            return;
        }

        var lifetime = issuer.CookieLifetime;
        context.Response.Cookies.Append(issuer.CookieName, value, new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax,
            Secure = request.IsHttps,
            MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
            IsEssential = true,
        });
        if (!issuer.Owns(bucket))
        {
            // This connection stays with this worker; the client's next one goes where the cookie says.
            context.Response.Headers.Connection = "close";
        }
    }
}
