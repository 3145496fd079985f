using System.Globalization;
using System.Reflection;

namespace StickyActors.Benchmarks.Servers;

/// <summary>Starts the three compared servers, each on its own free port of 127.0.0.1.</summary>
internal static class ServerLauncher
{
    /// <summary>B and C run with the GC mode the Hello sample gets from the Web SDK (Server GC).</summary>
    private static readonly Dictionary<string, string> ServeEnvironment = new() { ["DOTNET_gcServer"] = "1" };

    /// <summary>The Hello sample built beside this program (the path is stamped in at build time).</summary>
    public static string DefaultHelloDll =>
        typeof(ServerLauncher).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HelloDll")?.Value is { } path
            ? Path.GetFullPath(path)
            : "Hello.dll";

    /// <summary>A: the StickyActors Hello sample, one master with <paramref name="workers"/> workers.</summary>
    public static ServerUnderTest StartSticky(string helloDll, int workers, IEnumerable<string>? extraArguments = null)
    {
        if (!File.Exists(helloDll))
        {
            throw new FileNotFoundException($"The Hello sample is not built at {helloDll}; pass --hello PATH.", helloDll);
        }

        var port = FreePort.Next();
        var master = ServerProcess.Start("dotnet", [helloDll, "--port", Text(port), "--workers", Text(workers), "--address", "127.0.0.1", .. extraArguments ?? []]);
        return new ServerUnderTest("A", "StickyActors, handoff", port, workers, [master], sticky: true);
    }

    /// <summary>AK: the same as A with <c>listen.steering = kernel</c> (the kernel picks each connection's worker).</summary>
    public static ServerUnderTest StartStickyKernel(string helloDll, int workers)
    {
        var config = Path.Combine(Path.GetTempPath(), $"sticky-bench-kernel-{Environment.ProcessId}.conf");
        File.WriteAllText(config, "sticky-actors.listen.steering = kernel\n");
        var server = StartSticky(helloDll, workers, ["--config", config]);
        return new ServerUnderTest("AK", "StickyActors, kernel", server.Port, workers, server.Processes, sticky: true);
    }

    /// <summary>B: <paramref name="workers"/> Kestrel processes sharing one port with SO_REUSEPORT.</summary>
    public static ServerUnderTest StartReusePort(int workers)
    {
        var port = FreePort.Next();
        var processes = new List<ServerProcess>();
        for (var id = 0; id < workers; id++)
        {
            processes.Add(StartServe(port, id));
        }

        return new ServerUnderTest("B", "SO_REUSEPORT", port, workers, processes, sticky: false);
    }

    /// <summary>C: one Kestrel process.</summary>
    public static ServerUnderTest StartSingle()
    {
        var port = FreePort.Next();
        return new ServerUnderTest("C", "1 Kestrel", port, 1, [StartServe(port, 0)], sticky: false);
    }

    /// <summary>Starts one plain Kestrel process, the same app as the Hello sample's workers.</summary>
    public static ServerProcess StartServe(int port, int id)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "StickyActors.Benchmarks.dll");
        return ServerProcess.Start("dotnet", [self, "serve", "--port", Text(port), "--id", Text(id)], ServeEnvironment);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
