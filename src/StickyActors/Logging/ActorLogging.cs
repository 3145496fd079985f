using Akka.Actor;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StickyActors.Logging;

/// <summary>
/// The <see cref="ILogger"/> of an actor: from the logger factory its actor system was set up with
/// (<see cref="LoggerFactorySetup"/>), so the actors' lifecycle events are <c>[LoggerMessage]</c>
/// events of our own categories. An actor system without one (a test kit) logs nowhere.
/// </summary>
internal static class ActorLogging
{
    public const string MasterCategory = "StickyActors.Master";
    public const string WorkerCategory = "StickyActors.Worker";

    public static ILogger Logger(IActorContext context, string category) =>
        context.System.Settings.Setup.Get<LoggerFactorySetup>().Value?.LoggerFactory.CreateLogger(category) ?? NullLogger.Instance;
}
