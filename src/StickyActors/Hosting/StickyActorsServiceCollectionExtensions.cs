using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;

namespace StickyActors.Hosting;

/// <summary>Runs StickyActors inside a Microsoft.Extensions.Hosting application.</summary>
public static class StickyActorsServiceCollectionExtensions
{
    /// <summary>The configuration section <see cref="AddStickyActors(IServiceCollection, IConfiguration, Action{StickyActorsOptions}?)"/> binds.</summary>
    public const string ConfigurationSection = "StickyActors";

    /// <summary>
    /// Binds <see cref="StickyActorsOptions"/> from the <c>StickyActors</c> section of
    /// <paramref name="configuration"/>, lets <paramref name="configure"/> change them, and adds StickyActors.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The application's configuration (its root, not the section).</param>
    /// <param name="configure">Changes applied after binding; null applies none.</param>
    public static IServiceCollection AddStickyActors(this IServiceCollection services, IConfiguration configuration, Action<StickyActorsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new StickyActorsOptions();
        var problems = StickyActorsOptionsBinder.Bind(configuration.GetSection(ConfigurationSection), options);
        configure?.Invoke(options);
        return services.AddStickyActors(options, problems);
    }

    /// <summary>Adds StickyActors with options set by <paramref name="configure"/>.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the options; what it leaves null keeps the HOCON default.</param>
    public static IServiceCollection AddStickyActors(this IServiceCollection services, Action<StickyActorsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new StickyActorsOptions();
        configure(options);
        return services.AddStickyActors(options);
    }

    /// <summary>
    /// Adds StickyActors: a <see cref="StickyActorHost"/> singleton started with the application's
    /// <see cref="ILoggerFactory"/> and <see cref="IMeterFactory"/>, and a hosted service that starts
    /// it with the application (bad configuration fails the start, naming every bad key) and, in the
    /// master, drains the workers when the application stops. A worker's application stops when its
    /// master drains it. Serve HTTP in workers with <c>UseStickyActors()</c> from StickyActors.Kestrel,
    /// or take <see cref="StickyActorHost"/> from the services and read <see cref="StickyActorHost.Worker"/>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="options">The options; what they leave null keeps the HOCON default.</param>
    public static IServiceCollection AddStickyActors(this IServiceCollection services, StickyActorsOptions options) =>
        services.AddStickyActors(options, []);

    private static IServiceCollection AddStickyActors(this IServiceCollection services, StickyActorsOptions options, IReadOnlyList<string> bindingProblems)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(new HostedSettings(options, bindingProblems));
        services.TryAddSingleton(provider => StickyActorHost.Start(
            provider.GetRequiredService<HostedSettings>().Settings,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetService<IMeterFactory>(),
            handleSignals: false));
        services.AddHostedService<StickyActorsHostedService>();
        if (StickyActorHost.CurrentRole == StickyActorRole.Worker)
        {
            // A worker's console is read by its master, which logs each event again, once.
            services.AddLogging(logging => logging.AddStickyActorsConsole());
            services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        }

        services.AddOptions<HostOptions>().Configure<HostedSettings>((host, hosted) =>
        {
            if (hosted.ValidOrNull is { } settings)
            {
                var needed = StickyActorHost.CurrentRole == StickyActorRole.Worker
                    ? StopDeadlines.WorkerHostStop(settings.Workers)
                    : StopDeadlines.MasterHostStop(settings.Workers);
                host.ShutdownTimeout = Max(host.ShutdownTimeout, needed);
            }
        });
        return services;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
