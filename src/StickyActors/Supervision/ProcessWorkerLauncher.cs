using System.Diagnostics;
using System.Reflection;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Worker;

namespace StickyActors.Supervision;

/// <summary>
/// Launches a worker by re-running this executable with the same arguments (or the configured
/// program), handing it the worker end of a fresh socket pair as an inherited descriptor, with its
/// credentials (per-launch secret, control-plane certificate) queued as the first packet on it.
/// </summary>
internal sealed class ProcessWorkerLauncher(WorkerSettings settings, byte[] controlPlaneKey, Func<int, int, string, string?> outputLine, System.Net.IPEndPoint? listenEndPoint = null) : IWorkerLauncher
{
    public LaunchedWorker Launch(WorkerLaunchSpec spec, Action<AcceptedConnection> reroute)
    {
        var (master, worker) = UnixSocketPair.Create();
        ProcessWorker process;
        try
        {
            new WorkerCredentials(spec.Secret, controlPlaneKey).SendTo(master);

            // The worker end is inheritable only while its own child is started, and children are
            // forked only by the launcher thread (so their parent-death signal means the master).
            process = LauncherThread.Run(() =>
            {
                UnixSocketPair.Inheritable(worker, true);
                try
                {
                    return ProcessWorker.Start(CreateStartInfo(spec, worker), spec.WorkerId, outputLine);
                }
                finally
                {
                    Interop.Libc.Close(worker);
                }
            });
        }
        catch
        {
            Interop.Libc.Close(master);
            throw;
        }

        return new LaunchedWorker(process, new HandoffChannel(spec.WorkerId, master, spec.QueueCapacity, reroute));
    }

    private ProcessStartInfo CreateStartInfo(WorkerLaunchSpec spec, int handoffFd)
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

        new WorkerEnvironment(spec.WorkerId, spec.Generation, spec.MasterAddress, handoffFd, Environment.ProcessId)
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
