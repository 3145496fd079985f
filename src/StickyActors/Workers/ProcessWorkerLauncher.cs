using System.Diagnostics;
using System.Reflection;
using StickyActors.Configuration;
using StickyActors.Handoff;

namespace StickyActors.Workers;

/// <summary>
/// Launches a worker by re-running this executable with the same arguments (or the configured
/// program), handing it the worker end of a fresh socket pair as an inherited descriptor.
/// </summary>
internal sealed class ProcessWorkerLauncher(WorkerSettings settings, Func<int, int, string, string?> outputLine, System.Net.IPEndPoint? listenEndPoint = null) : IWorkerLauncher
{
    // The worker end must be inheritable only while its own child is being started: launches are
    // serialised so that no other worker inherits a channel that is not its own.
    private static readonly Lock s_launchLock = new();

    public LaunchedWorker Launch(WorkerLaunchSpec spec, Action<AcceptedConnection> reroute)
    {
        var (master, worker) = UnixSocketPair.Create();
        ProcessWorker process;
        try
        {
            lock (s_launchLock)
            {
                UnixSocketPair.Inheritable(worker, true);
                try
                {
                    process = ProcessWorker.Start(CreateStartInfo(spec, worker), spec.WorkerId, outputLine);
                }
                finally
                {
                    Handoff.Interop.Libc.Close(worker);
                }
            }
        }
        catch
        {
            Handoff.Interop.Libc.Close(master);
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

        new WorkerEnvironment(spec.WorkerId, spec.Generation, spec.Secret, spec.MasterAddress, handoffFd, Environment.ProcessId)
            .WriteTo(info.Environment);
        Transport.WorkerStartupTrace.StampLaunch(info.Environment);
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
