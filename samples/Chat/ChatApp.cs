using Microsoft.AspNetCore.SignalR;

/// <summary>
/// The chat application of one process, the same behind the StickyActors master and as an
/// SO_REUSEPORT instance: the page (wwwroot), <c>GET /whoami</c>, and the hub at <c>/chat</c>.
/// </summary>
internal static class ChatApp
{
    /// <summary>A slim builder whose content root is beside Chat.dll, where the build puts wwwroot.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    /// <summary>Registers the hub and this process's identity; returns SignalR's builder for a backplane.</summary>
    public static ISignalRServerBuilder AddChat(this IServiceCollection services, WorkerIdentity self)
    {
        services.AddSingleton(self);
        return services.AddSignalR();
    }

    /// <summary>Maps the page, <c>/whoami</c> and the hub.</summary>
    public static void MapChat(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/whoami", (WorkerIdentity self) => self);
        app.MapHub<ChatHub>("/chat");
    }
}
