using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.ControlPlane;
using StickyActors.Interop;
using StickyActors.Listening;
using StickyActors.Listening.Steering;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>Starting the master: the listener (bound, from systemd, or from the previous master), the actor system, the signals.</summary>
internal sealed partial class MasterProcess
{
    public static MasterProcess Start(StickyActorsSettings settings, ILoggerFactory loggerFactory, IMeterFactory? meterFactory, bool handleSignals)
    {
        ProcessHygiene.MarkInheritedCloseOnExec();
        ProcessHygiene.RaiseDescriptorLimit();
        var systemd = SystemdNotifier.FromEnvironment();
        var handover = HandoverEnvironment.Take();
        if (handover is not null)
        {
            // Leave the old master's process group: a signal to it (or its terminal's) is not for us.
            _ = Libc.SetSid();
        }

        var listeningLog = loggerFactory.CreateLogger("StickyActors.Listening");
        var origin = $"master {handover?.PreviousMasterPid} (handover)";
        Socket? inherited = null;
        Socket listener;
        SlotGroup? slots = null;
        SlotGroup? adopted = null;
        if (handover is { SlotGroup: true } && SteeringStart.NeedsMaster(settings) is { } reason)
        {
            // The previous master steered in the kernel, this configuration needs the master: take its
            // slot sockets all the same (each has a queue) and accept from every one of them.
            adopted = SteeringStart.AdoptForMaster(handover.ListenerFds, settings, origin, reason, listeningLog);
            listener = adopted.First;
        }
        else if (handover is { SlotGroup: true })
        {
            // The previous master steered in the kernel: take its slot sockets, in slot order.
            slots = SteeringStart.Adopt(handover.ListenerFds, settings, origin, listeningLog);
            listener = slots.First;
        }
        else
        {
            inherited = handover is not null
                ? SharedListener.Adopt(handover.ListenerFds[0], settings.Listen, origin)
                : SystemdSockets.TakeListener(settings.Listen);
            if (inherited is not null)
            {
                // One socket from outside: the master accepts from it (kernel steering needs a socket per worker).
                if (settings.Listen.Steering == SteeringMode.Kernel)
                {
                    inherited.Dispose();
                    throw new IOException("listen.steering = kernel is not possible with one listening socket taken from systemd or from a master that steered in the master: kernel steering needs one socket per worker; use master or auto.");
                }

                listener = inherited;
            }
            else
            {
                (listener, slots) = SteeringStart.Open(settings, listeningLog);
                if (slots is null)
                {
                    // Bound here, but a next master may share it: accept threads must be able to stop without a shutdown.
                    SharedListener.WakeAcceptsEvery(listener);
                }
            }
        }

        ActorSystem? system = null;
        ClusterHosting? cluster = null;
        var created = new TaskCompletionSource<MasterProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var (config, transportSetup, controlPlaneKey, inbound) = ControlPlaneTransport.ForMaster(
                ControlPlaneConfig.LoggingBridge.WithFallback(ControlPlaneTuning.Idle).WithFallback(ControlPlaneConfig.MasterGuardian),
                ControlPlaneConfig.Create(settings.ControlPlane, settings.ControlPlane.Port, ControlPlaneConfig.MasterSelectionPaths),
                loggerFactory.CreateLogger("StickyActors.Master"));
            var setup = BootstrapSetup.Create()
                .WithConfig(config)
                .And(new LoggerFactorySetup(new TransportLogGate(loggerFactory)))
                .And(transportSetup);
            system = ControlPlaneSystem.Create(ControlPlaneConfig.MasterSystemName, setup);
            var address = ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();
            var endPoint = (IPEndPoint)listener.LocalEndPoint!;
            var output = new Logging.WorkerOutput(loggerFactory);
            cluster = settings.Cluster.Enabled ? ClusterHosting.Open(settings, loggerFactory) : null;
            var stopping = new MasterStopping();
            var resources = new MasterResources(
                settings,
                listener,
                _ => new ProcessWorkerLauncher(settings.Workers, controlPlaneKey, output.Line, endPoint, inbound),
                address,
                loggerFactory,
                TimeProvider.System,
                meterFactory,
                slots)
            {
                Stopping = stopping,
                AdoptedGroup = adopted,
                StopWithExitCode = code => _ = created.Task.ContinueWith(t => t.Result.StopAsync(code), TaskScheduler.Default),
                ListenerShared = inherited is not null,
                DeferAccepting = handover is not null || settings.Cluster.Enabled,
                Cluster = cluster,
                Hosts = cluster?.Hosts,
                Forwarder = cluster?.Forwarder,
                Backplane = cluster?.Backplane ?? Backplane.SingleHostBackplaneBus.Instance,
                ServeForwarded = cluster is null ? null : cluster.Serve,
            };
            if (inherited is not null && handover is null)
            {
                ListeningLog.ListenerFromSystemd(listeningLog, endPoint.ToString());
            }

            var master = system.ActorOf(MasterActor.Props(resources), ControlPlaneConfig.MasterActorName);
            var host = new MasterProcess(settings, loggerFactory, endPoint, system, master) { _listener = listener, _slotGroup = slots ?? adopted, _stopping = stopping };
            created.SetResult(host);
            if (cluster is not null)
            {
                host.StartCluster(cluster);
            }

            system.ActorOf(MasterWatchdog.Props(master, host.MasterLost), "master-watchdog");
            if (handleSignals)
            {
                host.HandleStopSignal(PosixSignal.SIGTERM);
                host.HandleStopSignal(PosixSignal.SIGINT);
            }

            host.StartStatus();
            host.StartSystemdNotify(systemd);
            host.HandleHandoverSignal();
            host.HandleResizeSignals();
            host.StartPidFile(handover is not null);
            if (handover is not null)
            {
                _ = host.ConfirmHandoverAsync(handover);
            }

            host.HandleRollingRestartSignal();
            return host;
        }
        catch
        {
            systemd?.Dispose();
            listener.Dispose();
            slots?.Dispose();
            cluster?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
            system?.Terminate().Wait(TimeSpan.FromSeconds(5));
            throw;
        }
    }
}
