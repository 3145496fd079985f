using Akka.Configuration;

namespace StickyActors.ControlPlane;

/// <summary>
/// What keeps an idle control plane idle, kept apart from <see cref="ControlPlaneConfig"/> (which
/// says what the control plane is) and combined with it where an actor system starts.
/// </summary>
internal static class ControlPlaneTuning
{
    /// <summary>
    /// The tick-less <see cref="TimerQueueScheduler"/> instead of Akka's 10 ms wheel: for every actor
    /// system of ours, the control plane's and the cluster's (whose wheel alone kept an idle cluster
    /// master at about 6 % of a core, and took as much from the relay threads under load).
    /// </summary>
    public static Config Scheduler { get; } = ConfigurationFactory.ParseString(
        $"akka.scheduler.implementation = \"{typeof(TimerQueueScheduler).AssemblyQualifiedName}\"");

    /// <summary>
    /// <list type="bullet">
    /// <item><see cref="Scheduler"/>.</item>
    /// <item>No system messages cross the control plane (untrusted mode refuses remote death watch
    /// and remote deployment), so the timers that serve them run rarely: each association's writer
    /// checks for a pure acknowledgement every half of <c>system-message-ack-piggyback-timeout</c>
    /// (10 s instead of 0.3 s, so every 5 s instead of 6.7 times a second) and its supervisor
    /// looks for something to redeliver every <c>resend-interval</c> (20 s instead of 2 s, still
    /// twice the acknowledgement delay, so nothing is sent twice).</item>
    /// <item>The remote watcher ticks (heartbeat and reaper) every 30 s instead of every second:
    /// nothing is watched over the network, a hung worker is found by the master's pings
    /// (<c>control-plane.unresponsive-after</c>) and a dead one by its exit and its handle channel.
    /// The acceptable pause keeps its ratio to the interval.</item>
    /// <item>Transport heartbeats every 20 s instead of 4 s, still six inside the transport failure
    /// detector's acceptable pause (120 s, unchanged).</item>
    /// </list>
    /// </summary>
    public static Config Idle { get; } = ConfigurationFactory.ParseString("""
        akka.remote {
          system-message-ack-piggyback-timeout = 10s
          resend-interval = 20s
          watch-failure-detector {
            heartbeat-interval = 30s
            unreachable-nodes-reaper-interval = 30s
            acceptable-heartbeat-pause = 300s
          }
          transport-failure-detector.heartbeat-interval = 20s
        }
        """).WithFallback(Scheduler);
}
