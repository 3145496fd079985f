using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.Extensions.Logging;

namespace StickyActors.ControlPlane;

/// <summary>
/// Which Akka.Remote transport carries the control plane, chosen by platform once per master: on
/// Linux private Unix socket pairs (<see cref="SocketPairTransport"/>: no listening socket at all);
/// elsewhere DotNetty over loopback TCP with mutual TLS and a pinned per-master certificate
/// (<see cref="ControlPlaneCredentials"/>), which is also the path a future cluster transport takes.
/// </summary>
internal static class ControlPlaneTransport
{
    /// <summary>Whether this platform has socket pairs a child process can inherit.</summary>
    public static bool SocketPairs => OperatingSystem.IsLinux();

    /// <summary>The master's remoting configuration and setup for the chosen transport; logs the choice.</summary>
    public static (Config Config, Setup Setup, byte[] WorkerKey, InboundControlChannels? Inbound) ForMaster(Config common, Config tls, ILogger logger)
    {
        if (SocketPairs)
        {
            var inbound = new InboundControlChannels();
            ControlPlaneLog.TransportChosen(logger, SocketPairTransport.Scheme, "one private Unix socket pair per worker launch; no control-plane port");
            return (common.WithFallback(ControlPlaneConfig.SocketPair).WithFallback(tls), SocketPairSetup.ForMaster(inbound), [], inbound);
        }

        var credentials = ControlPlaneCredentials.Create();
        ControlPlaneLog.TransportChosen(logger, "ssl.tcp", "loopback TCP with mutual TLS, certificate made for this start and pinned");
        return (common.WithFallback(tls), credentials.SslSetup(), credentials.ToPkcs12(), null);
    }

    /// <summary>A worker's remoting: the transport its master chose (it passed a control channel, or a certificate).</summary>
    public static (Config Config, Setup Setup) ForWorker(Config common, Config tls, int controlChannel, string masterAddress, byte[] pkcs12) =>
        controlChannel >= 0
            ? (common.WithFallback(ControlPlaneConfig.SocketPair).WithFallback(tls), SocketPairSetup.ForWorker(controlChannel, masterAddress))
            : (common.WithFallback(tls), ControlPlaneCredentials.FromPkcs12(pkcs12).SslSetup());
}
