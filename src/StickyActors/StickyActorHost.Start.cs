using System.Diagnostics.Metrics;
using System.Net;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.ControlPlane;
using StickyActors.Listening;
using StickyActors.Transport;
using StickyActors.Workers;

namespace StickyActors;

/// <summary>Starting a master or a worker, and the master's signals.</summary>
public sealed partial class StickyActorHost
{
    private static StickyActorHost StartMaster(StickyActorsSettings settings, ILoggerFactory loggerFactory, bool ownsLoggerFactory, IMeterFactory? meterFactory, bool handleSignals)
    {
        var listener = ListenerSocket.Open(settings.Listen);
        ActorSystem? system = null;
        try
        {
            var setup = BootstrapSetup.Create()
                .WithConfig(ControlPlaneConfig.LoggingBridge.WithFallback(ControlPlaneTuning.Idle).WithFallback(ControlPlaneConfig.Create(settings.ControlPlane, settings.ControlPlane.Port)))
                .And(new LoggerFactorySetup(loggerFactory));
            system = ActorSystem.Create(ControlPlaneConfig.MasterSystemName, setup);
            var address = ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();
            var endPoint = (IPEndPoint)listener.LocalEndPoint!;
            var output = new Logging.WorkerOutput(loggerFactory);
            var resources = new MasterResources(
                settings,
                listener,
                _ => new ProcessWorkerLauncher(settings.Workers, output.Line, endPoint),
                address,
                loggerFactory,
                TimeProvider.System,
                meterFactory);
            var master = system.ActorOf(MasterActor.Props(resources), ControlPlaneConfig.MasterActorName);
            var host = new StickyActorHost(settings, loggerFactory, ownsLoggerFactory, endPoint, system, master);
            if (handleSignals)
            {
                host.HandleSignal(PosixSignal.SIGTERM);
                host.HandleSignal(PosixSignal.SIGINT);
            }

            host.StartStatus();
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
            listener.Dispose();
            system?.Terminate().Wait(TimeSpan.FromSeconds(5));
            throw;
        }
    }

    private static StickyActorHost StartWorker(StickyActorsSettings settings, WorkerEnvironment environment, ILoggerFactory loggerFactory, bool ownsLoggerFactory)
    {
        var runtime = new WorkerRuntime(environment, settings, loggerFactory);
        var host = new StickyActorHost(settings, loggerFactory, ownsLoggerFactory, runtime);
        host._signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => runtime.BeginLocalStop()));
        return host;
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
            HostLog.SignalReceived(_loggerFactory.CreateLogger("StickyActors.Master"), signal.ToString());
            _ = StopAsync();
        }));
}
