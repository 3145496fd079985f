using Akka.Actor;
using StickyActors.Configuration;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

/// <summary>Actor systems configured as the master's control plane (loopback, port 0, a fresh certificate).</summary>
internal static class ControlPlaneSystems
{
    public static ActorSystem Create(string name, ControlPlaneCredentials? credentials = null, IReadOnlyList<string>? trustedPaths = null)
    {
        var setup = BootstrapSetup.Create()
            .WithConfig(ControlPlaneConfig.MasterGuardian.WithFallback(ControlPlaneConfig.Create(new ControlPlaneSettings("127.0.0.1", 0, TimeSpan.FromSeconds(1)), 0, trustedPaths ?? ControlPlaneConfig.MasterSelectionPaths)))
            .And((credentials ?? ControlPlaneCredentials.Create()).SslSetup());
        return ActorSystem.Create(name, setup);
    }
}
