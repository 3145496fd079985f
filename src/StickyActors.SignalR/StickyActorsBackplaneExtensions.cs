using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StickyActors.Backplane;

namespace StickyActors.SignalR;

/// <summary>Adds the StickyActors backplane to SignalR in a worker.</summary>
public static class StickyActorsBackplaneExtensions
{
    /// <summary>
    /// Makes the hubs' <c>Clients.All</c>, groups, users and connections reach the clients of every
    /// worker (and, in a cluster, of every host), over StickyActors' control plane: no Redis. Takes
    /// the <see cref="StickyActorHost"/> from the services (<c>AddStickyActors</c>).
    /// </summary>
    /// <param name="builder">The SignalR builder (<c>services.AddSignalR()</c>).</param>
    public static ISignalRServerBuilder AddStickyActorsBackplane(this ISignalRServerBuilder builder) =>
        Add(builder, host: null, configure: null);

    /// <summary>As <see cref="AddStickyActorsBackplane(ISignalRServerBuilder)"/>, with options.</summary>
    /// <param name="builder">The SignalR builder (<c>services.AddSignalR()</c>).</param>
    /// <param name="configure">Configures the backplane's options.</param>
    public static ISignalRServerBuilder AddStickyActorsBackplane(this ISignalRServerBuilder builder, Action<StickyActorsBackplaneOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Add(builder, host: null, configure);
    }

    /// <summary>As <see cref="AddStickyActorsBackplane(ISignalRServerBuilder)"/>, on the worker of a host started by the application.</summary>
    /// <param name="builder">The SignalR builder (<c>services.AddSignalR()</c>).</param>
    /// <param name="host">The started host (a worker).</param>
    public static ISignalRServerBuilder AddStickyActorsBackplane(this ISignalRServerBuilder builder, StickyActorHost host) =>
        builder.AddStickyActorsBackplane(host, configure: null);

    /// <summary>As <see cref="AddStickyActorsBackplane(ISignalRServerBuilder, StickyActorHost)"/>, with options.</summary>
    /// <param name="builder">The SignalR builder (<c>services.AddSignalR()</c>).</param>
    /// <param name="host">The started host (a worker).</param>
    /// <param name="configure">Configures the backplane's options; null keeps the defaults.</param>
    public static ISignalRServerBuilder AddStickyActorsBackplane(this ISignalRServerBuilder builder, StickyActorHost host, Action<StickyActorsBackplaneOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(host);
        return Add(builder, host, configure);
    }

    private static ISignalRServerBuilder Add(ISignalRServerBuilder builder, StickyActorHost? host, Action<StickyActorsBackplaneOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<StickyActorsBackplaneOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWorkerBackplane>(provider => (host
            ?? provider.GetService<StickyActorHost>()
            ?? throw new InvalidOperationException("AddStickyActorsBackplane() takes the host from the services: call services.AddStickyActors(...) too, or pass the started host.")).Worker.Backplane);
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(StickyActorsHubLifetimeManager<>));
        return builder;
    }
}
