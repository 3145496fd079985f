using Akka.Configuration;
using StickyActors.Configuration;

namespace StickyActors.ControlPlane;

/// <summary>The Akka configuration of a control-plane actor system: remoting on loopback only.</summary>
internal static class ControlPlaneConfig
{
    public const string MasterSystemName = "sticky-master";
    public const string WorkerSystemName = "sticky-worker";
    public const string MasterActorName = "master";

    /// <summary>Sends Akka's logs to Microsoft.Extensions.Logging (needs a LoggerFactorySetup).</summary>
    public static Config LoggingBridge { get; } = ConfigurationFactory.ParseString(
        """akka.loggers = ["Akka.Hosting.Logging.LoggerFactoryLogger, Akka.Hosting"]""");

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
