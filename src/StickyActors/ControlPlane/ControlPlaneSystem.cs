using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Actor.Setup;

namespace StickyActors.ControlPlane;

/// <summary>
/// Starts a control-plane actor system from our configuration alone. <c>ActorSystem.Create(name, setup)</c>
/// reads the process's <c>app.config</c> even when the setup carries a configuration (it evaluates
/// <c>ConfigurationFactory.Load()</c> eagerly), and that reader costs every process several MiB of
/// RSS for nothing the control plane uses: System.Configuration.ConfigurationManager and
/// System.Private.Xml, and, for the hash in the per-user config path, System.Security.Cryptography
/// with OpenSSL (libcrypto, libssl and their initialization). Akka's own <c>CreateAndStartSystem</c>
/// is the two lines below. Also starts the process's <see cref="NativeHeapTrimmer"/> (once per process).
/// </summary>
internal static class ControlPlaneSystem
{
    /// <summary>Creates and starts the actor system <paramref name="name"/> from the configuration in <paramref name="setup"/>'s <see cref="BootstrapSetup"/>.</summary>
    public static ActorSystem Create(string name, ActorSystemSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var config = setup.Get<BootstrapSetup>().FlatSelect(bootstrap => bootstrap.Config);
        if (!config.HasValue)
        {
            throw new ArgumentException("A control-plane setup carries its configuration.", nameof(setup));
        }

        var system = new ActorSystemImpl(name, config.Value, setup);
        system.Start();
        NativeHeapTrimmer.EnsureStartedForProcess();
        return system;
    }
}
