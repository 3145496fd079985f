using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.ControlPlane;
using StickyActors.Handoff;
using StickyActors.Interop;
using StickyActors.Listening;
using StickyActors.Logging;
using StickyActors.Listening.Steering;
using StickyActors.Master;
using StickyActors.Supervision;
using StickyActors.Worker;

namespace StickyActors;

/// <summary>Starting a master or a worker, and the master's signals.</summary>
public sealed partial class StickyActorHost
{
    /// <summary>The master's exit code when its actor stopped unasked (EX_SOFTWARE).</summary>
    private const int MasterActorLostExitCode = 70;

    private static StickyActorHost StartMaster(StickyActorsSettings settings, ILoggerFactory loggerFactory, bool ownsLoggerFactory, IMeterFactory? meterFactory, bool handleSignals)
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

        var inherited = handover is not null
            ? SharedListener.Adopt(handover.ListenerFd, settings.Listen, $"master {handover.PreviousMasterPid} (handover)")
            : SystemdSockets.TakeListener(settings.Listen);
        Socket listener;
        SlotGroup? slots = null;
        if (inherited is not null)
        {
            // One socket from outside: the master accepts from it (kernel steering needs a socket per worker).
            if (settings.Listen.Steering == SteeringMode.Kernel)
            {
                inherited.Dispose();
                throw new IOException("listen.steering = kernel is not possible with a listening socket taken from systemd or a master handover: kernel steering needs one socket per worker; use master or auto.");
            }

            listener = inherited;
        }
        else
        {
            (listener, slots) = SteeringStart.Open(settings, loggerFactory.CreateLogger("StickyActors.Listening"));
            if (slots is null)
            {
                // Bound here, but a next master may share it: accept threads must be able to stop without a shutdown.
                SharedListener.WakeAcceptsEvery(listener);
            }
        }

        ActorSystem? system = null;
        var created = new TaskCompletionSource<StickyActorHost>(TaskCreationOptions.RunContinuationsAsynchronously);
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
                StopWithExitCode = code => _ = created.Task.ContinueWith(t => t.Result.StopMasterAsync(code), TaskScheduler.Default),
                ListenerShared = inherited is not null,
                DeferAccepting = handover is not null,
            };
            if (inherited is not null && handover is null)
            {
                ListeningLog.ListenerFromSystemd(loggerFactory.CreateLogger("StickyActors.Listening"), endPoint.ToString());
            }

            var master = system.ActorOf(MasterActor.Props(resources), ControlPlaneConfig.MasterActorName);
            var host = new StickyActorHost(settings, loggerFactory, ownsLoggerFactory, endPoint, system, master) { _listener = listener, _kernelSteering = slots is not null };
            created.SetResult(host);
            system.ActorOf(MasterWatchdog.Props(master, host.MasterLost), "master-watchdog");
            if (handleSignals)
            {
                host.HandleSignal(PosixSignal.SIGTERM);
                host.HandleSignal(PosixSignal.SIGINT);
            }

            host.StartStatus();
            host.StartSystemdNotify(systemd);
            host.HandleHandoverSignal();
            if (handover is not null)
            {
                _ = host.ConfirmHandoverAsync(handover);
            }
            host._signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                HostLog.SignalReceived(loggerFactory.CreateLogger("StickyActors.Master"), "SIGHUP (rolling restart)");
                _ = host.RollingRestartSafelyAsync();
            }));
            return host;
        }
        catch
        {
            systemd?.Dispose();
            listener.Dispose();
            slots?.Dispose();
            system?.Terminate().Wait(TimeSpan.FromSeconds(5));
            throw;
        }
    }

    /// <summary>
    /// A worker's first steps, before anything else runs: keep its channel end from leaking into
    /// processes the application starts, die with the master, and take its credentials.
    /// </summary>
    private static WorkerCredentials ClaimWorkerChannel(WorkerEnvironment environment)
    {
        UnixSocketPair.Inheritable(environment.HandoffFd, false);
        if (environment.ControlFd >= 0)
        {
            UnixSocketPair.Inheritable(environment.ControlFd, false);
        }

        ParentDeathSignal.Arm(environment.MasterPid);
        return WorkerCredentials.ReceiveFrom(environment.HandoffFd);
    }

    private static StickyActorHost StartWorker(StickyActorsSettings settings, WorkerEnvironment environment, WorkerCredentials credentials, ILoggerFactory loggerFactory, bool ownsLoggerFactory)
    {
        var runtime = new WorkerRuntime(environment, credentials, settings, loggerFactory);
        var host = new StickyActorHost(settings, loggerFactory, ownsLoggerFactory, runtime);
        host._signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => runtime.BeginLocalStop()));
        return host;
    }

    /// <summary>The master actor stopped without a stop being asked: nothing serves any more, so exit non-zero.</summary>
    private void MasterLost()
    {
        if (Volatile.Read(ref _stopRequested) == 1)
        {
            return;
        }

        ControlPlaneLog.MasterActorLost(_loggerFactory.CreateLogger("StickyActors.Master"), MasterActorLostExitCode);
        Environment.Exit(MasterActorLostExitCode);
    }

    private async Task RollingRestartSafelyAsync()
    {
        try
        {
            await RollingRestartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or AskTimeoutException)
        {
            HostLog.RollingRestartFailed(_loggerFactory.CreateLogger("StickyActors.Master"), e.Message);
        }
    }

    private void HandleSignal(PosixSignal signal) =>
        _signals.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            HostLog.SignalReceived(_loggerFactory.CreateLogger("StickyActors.Master"), signal + " (stopping gracefully)");
            _ = StopAsync();
        }));
}
