using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using StickyActors.ControlPlane;

namespace StickyActors.IntegrationTests.Attacks;

/// <summary>
/// A stranger on the same machine with a real Akka.NET client of its own: Akka's defaults (JSON for
/// everything, type names on the wire), the project's message types and serializer, and TLS with a
/// certificate of its own that accepts whatever the server presents.
/// </summary>
internal sealed class Attacker : IAsyncDisposable
{
    private Attacker(ActorSystem system) => System = system;

    public ActorSystem System { get; }

    public static Attacker Start()
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = WARNING
              stdout-loglevel = WARNING
              actor {
                provider = remote
                serializers.sticky-control = "{{typeof(ControlMessageSerializer).AssemblyQualifiedName}}"
                serialization-bindings {
                  "{{typeof(IControlMessage).AssemblyQualifiedName}}" = sticky-control
                }
              }
              remote.dot-netty.tcp {
                hostname = 127.0.0.1
                port = 0
                enable-ssl = on
              }
            }
            """);
        using var own = ControlPlaneCredentials.Create();
        var certificate = global::System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(own.ToPkcs12(), null);
        var setup = BootstrapSetup.Create().WithConfig(config)
            .And(new DotNettySslSetup(certificate, suppressValidation: true, requireMutualAuthentication: true));
        return new Attacker(ActorSystem.Create("attacker", setup));
    }

    public ActorSelection Select(string address, string path) => System.ActorSelection($"{address}{path}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await System.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // The attacker's own shutdown (waiting on associations that never formed) is not under test.
        }
    }
}
