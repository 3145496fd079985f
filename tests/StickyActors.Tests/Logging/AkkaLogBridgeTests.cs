using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using StickyActors.ControlPlane;
using StickyActors.Logging;
using StickyActors.Tests.Hosting;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace StickyActors.Tests.Logging;

/// <summary>What of Akka's own logging reaches the operator, and at which level.</summary>
public sealed class AkkaLogBridgeTests
{
    [Fact]
    public async Task PeerDisassociation_ErrorAndGatedWarning_AreLoggedAtDebugOnly()
    {
        using var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(ControlPlaneConfig.LoggingBridge), new LoggerFactorySetup(factory));
        using var system = ActorSystem.Create("bridge", setup);
        var log = Akka.Event.Logging.GetLogger(system, "endpointWriter");

        // What Akka.Remote writes when a worker process exits: the writer's supervisor logs its failure
        // with the (internal) EndpointDisassociatedException, the endpoint manager the gated warning.
        var disassociated = NewDisassociatedException();
        log.Error(disassociated, "Disassociated");
        log.Warning("Association with remote system {0} has failed; address is now gated for {1} ms. Reason is: [{2}]", "akka.socketpair://sticky-worker-0@localhost:1", 5000, disassociated);
        // Other failures keep their level; the last one is the signal that the bridge has seen them all.
        log.Error(new InvalidOperationException("boom"), "a real failure");
        log.Warning("a real warning");
        await WaitForAsync(provider, "a real warning");

        var akka = provider.Entries.Where(e => e.Category == AkkaLogBridge.Category).ToArray();
        Assert.Contains(akka, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Disassociated", StringComparison.Ordinal));
        Assert.Contains(akka, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Association with remote system", StringComparison.Ordinal));
        Assert.DoesNotContain(akka, e => e.Level >= LogLevel.Warning && (e.Message.Contains("Disassociated", StringComparison.Ordinal) || e.Message.Contains("gated", StringComparison.Ordinal)));
        Assert.Contains(akka, e => e.Level == LogLevel.Error && e.Message.StartsWith("a real failure", StringComparison.Ordinal));
        Assert.Contains(akka, e => e.Level == LogLevel.Warning && e.Message.StartsWith("a real warning", StringComparison.Ordinal));
    }

    private static Exception NewDisassociatedException()
    {
        var type = typeof(Akka.Remote.RemoteTransportException).Assembly.GetType("Akka.Remote.EndpointDisassociatedException", throwOnError: true)!;
        return (Exception)Activator.CreateInstance(type, "Disassociated")!;
    }

    private static async Task WaitForAsync(CapturingLoggerProvider provider, string message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!provider.Entries.Any(e => e.Message.StartsWith(message, StringComparison.Ordinal)))
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
