using System.Diagnostics;
using StickyActors.Handoff;
using StickyActors.Supervision;

namespace StickyActors.IntegrationTests.Attacks;

/// <summary>
/// The attacker's payload: a worker launcher that runs a shell command. Remote-deployed inside a
/// <see cref="WorkerContext"/>, it would run in the master, as the master's user, if the master
/// deserialized it (the hole this suite proves closed).
/// </summary>
internal sealed class ShellWorkerLauncher(string command) : IWorkerLauncher
{
    public string Command { get; } = command;

    public LaunchedWorker Launch(WorkerLaunchSpec spec, Action<AcceptedConnection> reroute)
    {
        using var shell = Process.Start("/bin/sh", ["-c", Command]);
        shell.WaitForExit();
        throw new InvalidOperationException("the payload ran");
    }
}
