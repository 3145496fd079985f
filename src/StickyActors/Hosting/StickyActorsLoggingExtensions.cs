using Microsoft.Extensions.Logging;
using StickyActors.Logging;

namespace StickyActors.Hosting;

/// <summary>Console logging that reads well across a master and its workers.</summary>
public static class StickyActorsLoggingExtensions
{
    /// <summary>
    /// Sets the console logger up for the role of this process. In a worker: one JSON object per
    /// line on standard error, which the master reads and logs again, once, with the event's own
    /// level, category, event id and message, in a scope naming the worker id and pid. In the master:
    /// one line per event naming its process (<c>[master 812]</c>, <c>[worker 0 pid 815]</c>).
    /// <c>UseStickyActors</c> and <c>AddStickyActors</c> call this in workers.
    /// </summary>
    /// <param name="builder">The application's logging builder.</param>
    public static ILoggingBuilder AddStickyActorsConsole(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return StickyActorHost.CurrentRole == StickyActorRole.Worker
            ? DefaultLogging.AddWorkerConsole(builder)
            : DefaultLogging.AddMasterConsole(builder);
    }
}
