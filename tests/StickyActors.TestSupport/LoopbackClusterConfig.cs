using System.Net;

namespace StickyActors.TestSupport;

/// <summary>The <c>sticky-actors.cluster</c> section of one host of a test cluster on loopback: every port 0, a shared secret.</summary>
public static class LoopbackClusterConfig
{
    /// <summary>Without TLS (<c>insecure-loopback-only</c>): the default for tests.</summary>
    public const string Insecure = "insecure-loopback-only = on";

    /// <param name="address">The host's loopback address (cluster and forward listener).</param>
    /// <param name="seeds">Cluster addresses of running hosts to join; none starts a cluster.</param>
    /// <param name="secret">The cluster secret, the same on every host (32 bytes or more).</param>
    /// <param name="security">The security line: <see cref="Insecure"/> or a <c>tls { … }</c> block.</param>
    /// <param name="more">More keys inside the section (failure detector, split brain resolver …).</param>
    public static string Hocon(IPAddress address, IEnumerable<string> seeds, string secret, string security = Insecure, string more = "") => $$"""
        sticky-actors.cluster {
          enabled = on
          hostname = "{{address}}"
          port = 0
          seed-nodes = [{{string.Join(", ", seeds.Select(s => $"\"{s}\""))}}]
          forward.port = 0
          secret = "{{secret}}"
          {{security}}
          {{more}}
        }
        """;
}
