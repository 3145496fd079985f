using System.Globalization;
using StickyActors.Benchmarks.Handover;
using StickyActors.Benchmarks.Interop;
using StickyActors.Benchmarks.Load;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Forward;

/// <summary>
/// One Hello master started as a cluster host on its own loopback address (public port, cluster and
/// forward ports all 0), with the configuration file written for it. Dispose stops the master
/// (SIGTERM, then a kill of its process tree) and SIGKILLs every worker of it still alive, by pid.
/// </summary>
internal sealed partial class ClusterHost(string name, uint address, string config, StartupLines startup, ServerProcess master) : IDisposable
{
    private readonly HashSet<int> _workerPids = [];

    public string Name => name;

    /// <summary>The host's IPv4 address, host byte order: its public, cluster and forward listeners bind it.</summary>
    public uint Address => address;

    public string AddressText => SockAddr.Format(address);

    public ServerProcess Master => master;

    /// <summary>The public port, known once <see cref="WaitForStartAsync"/> returned.</summary>
    public int Port { get; private set; }

    /// <summary>The Akka cluster address (<c>akka.tcp://sticky-actors-cluster@ADDRESS:PORT</c>), known once <see cref="WaitForStartAsync"/> returned.</summary>
    public string ClusterAddress { get; private set; } = string.Empty;

    /// <summary>Writes the host's configuration and starts its master; <paramref name="seed"/> null starts a cluster of its own.</summary>
    public static ClusterHost Start(string name, uint address, ForwardOptions options, string secret, string? seed)
    {
        ServerLauncher.RequireHello(options.Load.HelloDll);
        var text = SockAddr.Format(address);
        var config = Path.Combine(Path.GetTempPath(), $"sticky-bench-forward-{Environment.ProcessId}-{name}.conf");
        File.WriteAllText(config, string.Empty);
        if (!OperatingSystem.IsWindows())
        {
            // The file holds the cluster secret: this user's only.
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(config, $$"""
            sticky-actors.cluster {
              enabled = on
              hostname = "{{text}}"
              port = 0
              seed-nodes = [{{(seed is null ? string.Empty : $"\"{seed}\"")}}]
              forward { port = 0, threads = {{options.ForwardThreads.ToString(CultureInfo.InvariantCulture)}} }
              secret = "{{secret}}"
              insecure-loopback-only = on
            }

            """);
        var startup = new StartupLines(text);
        var master = ServerProcess.Start(
            "dotnet",
            [options.Load.HelloDll, "--address", text, "--port", "0", "--workers", options.Load.Workers.ToString(CultureInfo.InvariantCulture), "--config", config],
            onLine: startup.OnLine);
        return new ClusterHost(name, address, config, startup, master);
    }

    /// <summary>Waits for the lines that give the cluster address and the public port.</summary>
    public async Task WaitForStartAsync(TimeSpan timeout) =>
        (ClusterAddress, Port) = await startup.WaitAsync(master, timeout).ConfigureAwait(false);

    public void Dispose()
    {
        int[] workers;
        lock (_workerPids)
        {
            workers = [.. _workerPids.Union(MasterTree.ChildrenOf(master.Pid))];
        }

        master.Dispose();
        foreach (var pid in workers.Where(ServerUnderTest.IsHelloProcess))
        {
            Libc.Kill(pid, Libc.SIGKILL);
        }

        File.Delete(config);
    }
}
