using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StickyActors.Configuration;
using StickyActors.Hosting;

namespace StickyActors.Tests.Hosting;

/// <summary>Options overlay the HOCON defaults: null keeps a default, a set value wins, bad values are named.</summary>
public sealed class StickyActorsOptionsTests
{
    [Fact]
    public void Options_NothingSet_KeepsEveryDefault()
    {
        var options = new StickyActorsOptions();

        var settings = Settings(options);

        var defaults = StickyActorsSettings.Default;
        Assert.Equal(string.Empty, options.ToString());
        Assert.Equal(defaults.Listen, settings.Listen);
        Assert.Equal(defaults.Routing, settings.Routing);
        Assert.Equal(defaults.Handoff, settings.Handoff);
        Assert.Equal(defaults.ControlPlane, settings.ControlPlane);
        Assert.Equal(defaults.Workers.Count, settings.Workers.Count);
        Assert.Equal(defaults.Workers.RestartBackoff, settings.Workers.RestartBackoff);
    }

    [Fact]
    public void Options_EveryPropertySet_OverlaysItsKey()
    {
        var options = new StickyActorsOptions
        {
            Hocon = "sticky-actors.listen.port = 1111",
            ListenAddress = "127.0.0.1",
            Port = 8080,
            Backlog = 100,
            AcceptThreads = 2,
            Steering = SteeringMode.Kernel,
            WorkerCount = 3,
            WorkerExecutable = "/opt/app \"x\"",
            WorkerArguments = ["serve", "--fast"],
            WorkerStartupTimeout = TimeSpan.FromSeconds(7),
            WorkerShutdownTimeout = TimeSpan.FromMilliseconds(1500.5),
            RestartBackoffMin = TimeSpan.FromMilliseconds(50),
            RestartBackoffMax = TimeSpan.FromMinutes(2),
            RestartBackoffRandomFactor = 0.5,
            RestartBackoffResetAfter = TimeSpan.FromSeconds(9),
            Buckets = 64,
            HashSeed = ulong.MaxValue,
            ReturnWhenIdleFor = TimeSpan.Zero,
            IdleCheckInterval = TimeSpan.FromMilliseconds(250),
            HandoffQueueCapacity = 10,
            NoWorkerTimeout = TimeSpan.FromSeconds(3),
            NoWorkerQueueCapacity = 5,
            ControlPlaneHostname = "::1",
            ControlPlanePort = 4000,
            MasterLostTimeout = TimeSpan.FromSeconds(4),
            UnresponsiveAfter = TimeSpan.FromSeconds(6),
        };

        var s = Settings(options);

        Assert.Equal(new ListenSettings(System.Net.IPAddress.Loopback, 8080, 100, 2) { Steering = SteeringMode.Kernel }, s.Listen);
        Assert.Equal(3, s.Workers.Count);
        Assert.Equal("/opt/app \"x\"", s.Workers.Executable);
        Assert.Equal(["serve", "--fast"], s.Workers.Arguments);
        Assert.Equal(TimeSpan.FromSeconds(7), s.Workers.StartupTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500.5), s.Workers.ShutdownTimeout);
        Assert.Equal(new BackoffSettings(TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(2), 0.5, TimeSpan.FromSeconds(9)), s.Workers.RestartBackoff);
        Assert.Equal(new RoutingSettings(64, ulong.MaxValue, TimeSpan.Zero, TimeSpan.FromMilliseconds(250)), s.Routing);
        Assert.Equal(new HandoffSettings(10, TimeSpan.FromSeconds(3), 5), s.Handoff);
        Assert.Equal(new ControlPlaneSettings("::1", 4000, TimeSpan.FromSeconds(4)) { UnresponsiveAfter = TimeSpan.FromSeconds(6) }, s.ControlPlane);
    }

    [Fact]
    public void Options_BadValues_FailNamingEveryKey()
    {
        var options = new StickyActorsOptions { Port = 70000, Buckets = 0, RestartBackoffRandomFactor = 2 };

        var error = Assert.Throws<StickyActorsConfigurationException>(() => Settings(options));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("sticky-actors.listen.port", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("sticky-actors.routing.buckets", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("sticky-actors.workers.restart-backoff.random-factor", StringComparison.Ordinal));
    }

    [Fact]
    public void AddStickyActors_ConfigurationSectionAndAction_BindsThenActionWins()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["StickyActors:Port"] = "0",
            ["StickyActors:WorkerCount"] = "3",
            ["StickyActors:WorkerShutdownTimeout"] = "00:01:00",
            ["StickyActors:WorkerArguments:0"] = "serve",
        }).Build();
        var services = new ServiceCollection();

        services.AddStickyActors(configuration, o => o.WorkerCount = 2);

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<StickyActorsOptions>();
        Assert.Equal(0, options.Port);
        Assert.Equal(2, options.WorkerCount);
        Assert.Equal(["serve"], options.WorkerArguments!);
        Assert.Null(options.Buckets);
        Assert.Equal(TimeSpan.FromSeconds(65), provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    private static StickyActorsSettings Settings(StickyActorsOptions options) =>
        StickyActorsSettings.Create(StickyActorsConfig.FromHocon(options.ToString()));
}
