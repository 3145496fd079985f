using System.Globalization;
using Akka.Configuration;
using StickyActors.Configuration;
using StickyActors.ControlPlane;

namespace StickyActors.Cluster;

/// <summary>
/// The Akka configuration of the masters' cluster system. Nothing but Akka's own protobuf messages
/// crosses it: JSON (the fallback serializer, which reads .NET type names) is replaced by
/// <see cref="RefusingSerializer"/>, and so is the serializer of remote deployment's
/// <c>DaemonMsgCreate</c>, so no host can create an actor in another. Actor selections from a peer can
/// reach only Akka's cluster daemons: no actor of ours answers a remote message.
/// </summary>
internal static class ClusterConfig
{
    public static Config Create(ClusterSettings cluster, HostIdentity identity, bool tls) => ConfigurationFactory.ParseString($$"""
        akka {
          actor {
            provider = cluster
            serializers.json = "{{typeof(RefusingSerializer).AssemblyQualifiedName}}"
            serialization-bindings {
              "Akka.Remote.DaemonMsgCreate, Akka.Remote" = json
            }
          }
          remote {
            log-remote-lifecycle-events = off
            dot-netty.tcp {
              hostname = {{Quote(cluster.Hostname)}}
              public-hostname = {{Quote(cluster.PublicHostname)}}
              port = {{cluster.Port}}
              enable-ssl = {{(tls ? "on" : "off")}}
            }
          }
          cluster {
            seed-nodes = [{{string.Join(", ", cluster.SeedNodes.Select(Quote))}}]
            roles = [{{string.Join(", ", identity.ToRoles().Select(Quote))}}]
            log-info = off
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver {
              active-strategy = {{Kebab(cluster.SplitBrainResolver.Strategy)}}
              stable-after = {{Millis(cluster.SplitBrainResolver.StableAfter)}}
              {{(cluster.SplitBrainResolver.Strategy == SplitBrainStrategy.StaticQuorum ? $"static-quorum.quorum-size = {cluster.SplitBrainResolver.QuorumSize}" : string.Empty)}}
            }
            failure-detector {
              heartbeat-interval = {{Millis(cluster.HeartbeatInterval)}}
              acceptable-heartbeat-pause = {{Millis(cluster.AcceptableHeartbeatPause)}}
            }
            # A downed host stops its cluster system; the master (watching for it) decides what then.
            run-coordinated-shutdown-when-down = on
          }
          coordinated-shutdown {
            exit-clr = off
            run-by-clr-shutdown-hook = off
          }
        }
        """);

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Millis(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    private static string Kebab(SplitBrainStrategy strategy) => strategy switch
    {
        SplitBrainStrategy.KeepMajority => "keep-majority",
        SplitBrainStrategy.KeepOldest => "keep-oldest",
        SplitBrainStrategy.StaticQuorum => "static-quorum",
        _ => "down-all",
    };
}
