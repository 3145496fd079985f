using StickyActors.Benchmarks.Interop;

namespace StickyActors.Benchmarks.Servers;

/// <summary>
/// One of the compared servers, running: its processes (for StickyActors the master alone; its
/// workers are the master's children), its port, and the worker pids seen answering.
/// Dispose stops every process and kills any worker that outlived its master.
/// </summary>
internal sealed class ServerUnderTest(string key, string name, int port, int workers, IReadOnlyList<ServerProcess> processes, bool sticky)
    : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    public string Key => key;

    public string Name => name;

    public int Port => port;

    /// <summary>How many distinct worker pids must answer before the server counts as ready.</summary>
    public int Workers => workers;

    public IReadOnlyList<ServerProcess> Processes => processes;

    /// <summary>The StickyActors master (the process the harness started), or null for B and C.</summary>
    public ServerProcess? Master => sticky ? processes[0] : null;

    /// <summary>The pids that answered during readiness.</summary>
    public IReadOnlyCollection<int> WorkerPids { get; set; } = [];

    public void Dispose()
    {
        foreach (var process in processes)
        {
            process.Dispose();
        }

        if (!sticky)
        {
            return;
        }

        foreach (var pid in WorkerPids)
        {
            if (IsHelloProcess(pid))
            {
                Libc.Kill(pid, Libc.SIGKILL);
            }
        }
    }

    /// <summary>Whether <paramref name="pid"/> is alive and runs Hello.dll (so a reused pid is never killed).</summary>
    internal static bool IsHelloProcess(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("Hello.dll", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
