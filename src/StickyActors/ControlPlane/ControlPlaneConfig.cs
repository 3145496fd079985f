using Akka.Configuration;
using StickyActors.Configuration;

namespace StickyActors.ControlPlane;

/// <summary>
/// The Akka configuration of a control-plane actor system: remoting on loopback only, over mutual TLS
/// (the certificate comes with <see cref="ControlPlaneCredentials.SslSetup"/>), in untrusted mode (no
/// remote deployment, no system messages or PoisonPill from the network, actor selections only to
/// the paths given), and with JSON replaced by <see cref="RefusingSerializer"/> so nothing but our
/// binary control messages and Akka's own protobuf messages deserializes.
/// </summary>
internal static class ControlPlaneConfig
{
    public const string MasterSystemName = "sticky-master";
    public const string WorkerSystemName = "sticky-worker";
    public const string MasterActorName = "master";

    /// <summary>The largest control-plane PDU either side accepts (<c>maximum-payload-bytes</c>, as DotNetty's maximum-frame-size).</summary>
    public const int MaximumPayloadBytes = 128000;

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

    /// <summary>The master's user guardian resumes a failed master actor instead of restarting it (see <see cref="MasterGuardianStrategy"/>).</summary>
    public static Config MasterGuardian { get; } = ConfigurationFactory.ParseString(
        $"akka.actor.guardian-supervisor-strategy = \"{typeof(MasterGuardianStrategy).AssemblyQualifiedName}\"");

    /// <summary>The only path a master lets the network reach by actor selection (registration).</summary>
    public static IReadOnlyList<string> MasterSelectionPaths { get; } = [$"/user/{MasterActorName}"];

    /// <summary>
    /// Remoting over <see cref="SocketPairTransport"/> instead of DotNetty: no port, no TLS, the peer
    /// known by the socket pair it came through. Put before <see cref="Create"/>, whose TLS settings
    /// then stay unread (the DotNetty transport is not started, its assemblies not loaded).
    /// </summary>
    public static Config SocketPair { get; } = ConfigurationFactory.ParseString($$"""
        akka.remote {
          enabled-transports = ["akka.remote.socket-pair"]
          socket-pair {
            transport-class = "{{typeof(SocketPairTransport).AssemblyQualifiedName}}"
            applied-adapters = []
            # The largest control-plane PDU either side accepts (as DotNetty's maximum-frame-size).
            maximum-payload-bytes = {{MaximumPayloadBytes}}b
          }
        }
        """);

    public static Config Create(ControlPlaneSettings settings, int port, IReadOnlyList<string> trustedSelectionPaths) => ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = INFO
          actor {
            provider = remote
            serializers.sticky-control = "{{typeof(ControlMessageSerializer).AssemblyQualifiedName}}"
            serializers.json = "{{typeof(RefusingSerializer).AssemblyQualifiedName}}"
            serialization-bindings {
              "{{typeof(IControlMessage).AssemblyQualifiedName}}" = sticky-control
            }
          }
          remote {
            log-remote-lifecycle-events = off
            untrusted-mode = on
            trusted-selection-paths = [{{string.Join(", ", trustedSelectionPaths.Select(p => $"\"{p}\""))}}]
            dot-netty.tcp {
              hostname = "{{settings.Hostname}}"
              public-hostname = "{{settings.Hostname}}"
              port = {{port}}
              enable-ssl = on
            }
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """);
}
