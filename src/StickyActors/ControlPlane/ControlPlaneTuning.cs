using Akka.Configuration;

namespace StickyActors.ControlPlane;

/// <summary>
/// What keeps an idle control plane idle, kept apart from <see cref="ControlPlaneConfig"/> (which
/// says what the control plane is) and combined with it where an actor system starts.
/// </summary>
internal static class ControlPlaneTuning
{
    /// <summary>
    /// <list type="bullet">
    /// <item>The tick-less <see cref="TimerQueueScheduler"/> instead of Akka's 10 ms wheel.</item>
    /// <item>Pure acknowledgements of system messages (watch, unwatch, death notices) after 1 s of
    /// silence instead of 0.3 s: each association's writer checks every half of it, so 2 wake-ups
    /// a second instead of 6.7. Still well inside <c>resend-interval</c> (2 s), so nothing is sent
    /// twice; the messages themselves are delivered at once as before.</item>
    /// </list>
    /// Failure detection is untouched: the watch heartbeats (1 s), their failure detector and the
    /// transport heartbeats (4 s) keep Akka's defaults.
    /// </summary>
    public static Config Idle { get; } = ConfigurationFactory.ParseString($$"""
        akka.scheduler.implementation = "{{typeof(TimerQueueScheduler).AssemblyQualifiedName}}"
        akka.remote.system-message-ack-piggyback-timeout = 1s
        """);
}
