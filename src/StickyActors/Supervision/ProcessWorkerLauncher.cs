using System.Diagnostics;
using System.Reflection;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Worker;

namespace StickyActors.Supervision;

/// <summary>
/// Launches a worker by re-running this executable with the same arguments (or the configured
/// program), handing it the worker end of a fresh socket pair as an inherited descriptor, with its
/// credentials (per-launch secret, and the control-plane certificate when the control plane runs over
/// TLS) queued as the first packet on it. With <paramref name="controlChannels"/> (socket-pair control
/// plane) the worker inherits the end of a second, stream socket pair as well, over which it reaches
/// the master's control plane; the master's end goes to <paramref name="controlChannels"/>.
/// </summary>
internal sealed class ProcessWorkerLauncher(WorkerSettings settings, byte[] controlPlaneKey, Func<int, int, string, string?> outputLine, System.Net.IPEndPoint? listenEndPoint = null, ControlPlane.InboundControlChannels? controlChannels = null) : IWorkerLauncher
{
    public LaunchedWorker Launch(WorkerLaunchSpec spec, Action<AcceptedConnection> reroute)
    {
        var (master, worker) = UnixSocketPair.Create();
        int controlMaster = -1, controlWorker = -1;
        try
        {
            (controlMaster, controlWorker) = controlChannels is null ? (-1, -1) : ControlPlane.ControlSocketPair.Create();
        }
        catch
        {
            Interop.Libc.Close(master);
            Interop.Libc.Close(worker);
            throw;
        }

        ProcessWorker? process = null;
        try
        {
            new WorkerCredentials(spec.Secret, controlPlaneKey).SendTo(master);

            // The worker ends are inheritable only while its own child is started, and children are
            // forked only by the launcher thread (so their parent-death signal means the master).
            process = LauncherThread.Run(() =>
            {
                try
                {
                    UnixSocketPair.Inheritable(worker, true);
                    if (controlWorker >= 0)
                    {
                        UnixSocketPair.Inheritable(controlWorker, true);
                    }

                    return ProcessWorker.Start(CreateStartInfo(spec, worker, controlWorker), spec.WorkerId, outputLine);
                }
                finally
                {
                    Interop.Libc.Close(worker);
                    if (controlWorker >= 0)
                    {
                        Interop.Libc.Close(controlWorker);
                    }
                }
            });

            if (controlChannels is not null)
            {
                // Adopt owns the end from here on, also when it throws (the control plane is stopping).
                var adopted = controlMaster;
                controlMaster = -1;
                controlChannels.Adopt(adopted, spec.WorkerId, spec.Generation);
            }
        }
        catch
        {
            process?.Kill();
            process?.Dispose();
            Interop.Libc.Close(master);
            if (controlMaster >= 0)
            {
                Interop.Libc.Close(controlMaster);
            }

            throw;
        }

        return new LaunchedWorker(process, new HandoffChannel(spec.WorkerId, master, spec.QueueCapacity, reroute));
    }

    private ProcessStartInfo CreateStartInfo(WorkerLaunchSpec spec, int handoffFd, int controlFd)
    {
        var (fileName, arguments) = ResolveCommand();
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        new WorkerEnvironment(spec.WorkerId, spec.Generation, spec.MasterAddress, handoffFd, Environment.ProcessId, controlFd)
            .WriteTo(info.Environment);
        Worker.WorkerStartupTrace.StampLaunch(info.Environment);
        ListenEndPointVariable.WriteTo(info.Environment, listenEndPoint);
        return info;
    }

    private (string FileName, IReadOnlyList<string> Arguments) ResolveCommand()
    {
        if (settings.Executable.Length > 0)
        {
            return (settings.Executable, settings.Arguments);
        }

        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which executable to re-run as a worker; set sticky-actors.workers.executable.");
        var arguments = Environment.GetCommandLineArgs().Skip(1).ToList();
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            var entry = Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(entry))
            {
                throw new InvalidOperationException("Running under 'dotnet' without an entry assembly; set sticky-actors.workers.executable.");
            }

            arguments.Insert(0, entry);
        }

        return (processPath, arguments);
    }
}
