using Akka.Configuration;
using StickyActors.Configuration;

namespace StickyActors.ControlPlane;

/// <summary>The Akka configuration of a control-plane actor system: remoting on loopback only.</summary>
internal static class ControlPlaneConfig
{
    public const string MasterSystemName = "sticky-master";
    public const string WorkerSystemName = "sticky-worker";
    public const string MasterActorName = "master";

    /// <summary>
    /// Sends Akka's logs to Microsoft.Extensions.Logging (needs a LoggerFactorySetup) and nowhere
    /// else: nothing on standard output, no dead letters during shutdown. Akka's own informational
    /// chatter is not produced at all (our actors log through [LoggerMessage] events, not Akka).
    /// </summary>
    public static Config LoggingBridge { get; } = ConfigurationFactory.ParseString($$"""
        akka.loggers = ["{{typeof(Logging.AkkaLogBridge).AssemblyQualifiedName}}"]
        akka.loglevel = WARNING
        akka.stdout-loglevel = OFF
        akka.log-dead-letters-during-shutdown = off
        akka.log-config-on-start = off
        """);

    public static Config Create(ControlPlaneSettings settings, int port) => ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = INFO
          actor {
            provider = remote
            serializers.sticky-control = "{{typeof(ControlMessageSerializer).AssemblyQualifiedName}}"
            serialization-bindings {
              "{{typeof(IControlMessage).AssemblyQualifiedName}}" = sticky-control
            }
          }
          remote {
            log-remote-lifecycle-events = off
            dot-netty.tcp {
              hostname = "{{settings.Hostname}}"
              public-hostname = "{{settings.Hostname}}"
              port = {{port}}
            }
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """);
}
